import type { AuditChanges } from './audit-event.entity';

const comparable = (value: unknown) => (value instanceof Date ? value.toISOString() : JSON.stringify(value ?? null));

/** The fields whose value differs between two versions of a record, each with before and after. */
export function changedFields<T extends object>(before: Partial<T> | null, after: Partial<T> | null): AuditChanges {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]) as Set<keyof T & string>;
  const changes: AuditChanges = {};
  for (const key of keys) {
    const was = before?.[key] ?? null;
    const is = after?.[key] ?? null;
    if (comparable(was) !== comparable(is)) changes[key] = { before: was, after: is };
  }
  return changes;
}

/** Applies a partial update to a loaded record and returns what it changed, for the audit event. */
export function applyChanges<T extends object>(record: T, changes: Partial<T>): AuditChanges {
  const fields = Object.keys(changes) as Array<keyof T>;
  const before = Object.fromEntries(fields.map((field) => [field, record[field]])) as Partial<T>;
  const diff = changedFields(before, changes);
  Object.assign(record, changes);
  return diff;
}
