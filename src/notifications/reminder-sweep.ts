import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment';
import type { NotificationType } from './notification-types';
import { NotificationsService } from './notifications.service';
import { dueDateRemindedOn, isDueSoonType, LOG_SILENCE_DAYS, reminderDay, reminderKey } from './reminders';

/** Reminders of one type written per pass at most; the rest wait for the next pass (minutes later, same day). */
const BATCH = 1_000;

/** One reminder due now, as the candidate queries return it. */
interface DueReminder {
  userId: string;
  subjectId: string;
  /** YYYY-MM-DD: the date the reminder is about, part of its de-duplication key. */
  dueOn: string;
  params: Record<string, string>;
}

/**
 * A candidate query. It may read `zone(time_zone, today, due_on)`: one row per time zone whose recipients get
 * reminders now, with their local today and the due date a "due soon" reminder of this type is about; it
 * returns "userId", "subjectId", "dueOn" (text) and "params" (json). Every query skips inactive users and
 * erased profiles: a reminder is for someone who can act on it.
 */
interface ReminderQuery {
  type: NotificationType;
  subjectType: string;
  sql: string;
}

/** The participant of a placement `p`, with the host `o`, in a zone whose reminders go out now. */
const PARTICIPANT = `
  JOIN staff s ON s.id = p.staff_id AND s.erased_at IS NULL
  JOIN users u ON u.id = s.user_id AND u.active
  JOIN zone z ON z.time_zone = u.time_zone
  JOIN organisations o ON o.id = p.host_organisation_id`;

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** Due soon and overdue differ only in the day they compare with: one query each, from one shape. */
const reportReminder = (type: NotificationType, dueCondition: string): ReminderQuery => ({
  type,
  subjectType: 'participant_report',
  sql: `
      SELECT u.id AS "userId", r.id AS "subjectId", ${day('r.due_on')} AS "dueOn",
             json_build_object('kind', r.kind, 'host', o.name, 'dueOn', ${day('r.due_on')}) AS params
        FROM participant_reports r
        JOIN placements p ON p.id = r.placement_id ${PARTICIPANT}
       WHERE r.status IN ('due', 'returned') AND p.status IN ('confirmed', 'in_progress', 'completed')
         AND ${dueCondition}`,
});

const checklistReminder = (type: NotificationType, dueCondition: string): ReminderQuery => ({
  type,
  subjectType: 'placement_checklist_item',
  sql: `
      SELECT u.id AS "userId", c.id AS "subjectId", ${day('c.due_on')} AS "dueOn",
             json_build_object('item', c.key, 'host', o.name, 'dueOn', ${day('c.due_on')}) AS params
        FROM placement_checklist_items c
        JOIN placements p ON p.id = c.placement_id ${PARTICIPANT}
       WHERE c.done_at IS NULL AND c.required AND p.status = 'confirmed' AND ${dueCondition}`,
});

const QUERIES: ReminderQuery[] = [
  {
    type: 'departure_reminder',
    subjectType: 'placement',
    sql: `
      SELECT u.id AS "userId", p.id AS "subjectId", ${day('p.starts_on')} AS "dueOn",
             json_build_object('host', o.name, 'startsOn', ${day('p.starts_on')}) AS params
        FROM placements p ${PARTICIPANT}
       WHERE p.status = 'confirmed' AND p.starts_on = z.due_on`,
  },
  {
    // Silence counts from the latest logged day, or from the start when nothing is logged. One reminder per
    // full week of silence: its due date is the day the week completed, so a sweep that misses that day
    // still sends it later in the week, and the next comes a week on unless a log arrives meanwhile.
    type: 'log_reminder',
    subjectType: 'placement',
    sql: `
      SELECT u.id AS "userId", p.id AS "subjectId",
             ${day(`a.since + ${LOG_SILENCE_DAYS} * ((z.today - a.since) / ${LOG_SILENCE_DAYS})`)} AS "dueOn",
             json_build_object('host', o.name) AS params
        FROM placements p ${PARTICIPANT}
        CROSS JOIN LATERAL (
          SELECT greatest(p.starts_on, (SELECT max(l.logged_on) FROM exchange_logs l
                                         WHERE l.placement_id = p.id AND l.logged_on <= z.today)) AS since
        ) a
       WHERE p.status = 'in_progress' AND z.today <= p.ends_on AND z.today - a.since >= ${LOG_SILENCE_DAYS}`,
  },
  reportReminder('report_due', 'r.due_on = z.due_on'),
  reportReminder('report_overdue', 'r.due_on < z.today'),
  {
    // Coordinators follow every joint project; each hears of a milestone in their own day.
    type: 'milestone_due',
    subjectType: 'joint_project_milestone',
    sql: `
      SELECT u.id AS "userId", m.id AS "subjectId", ${day('m.due_on')} AS "dueOn",
             json_build_object('milestone', m.title, 'project', j.title, 'dueOn', ${day('m.due_on')}) AS params
        FROM joint_project_milestones m
        JOIN joint_projects j ON j.id = m.joint_project_id AND j.status NOT IN ('completed', 'dropped')
        JOIN users u ON u.role = 'coordinator' AND u.active
        JOIN zone z ON z.time_zone = u.time_zone
       WHERE m.done_on IS NULL AND m.due_on = z.due_on`,
  },
  // The checklist is about getting ready to leave: it matters while the placement is confirmed, not after.
  checklistReminder('checklist_due', 'c.due_on = z.due_on'),
  checklistReminder('checklist_overdue', 'c.due_on < z.today'),
];

export type ReminderCounts = Partial<Record<NotificationType, number>>;

/**
 * The reminder sweep (§7). Each pass finds, per recipient time zone, the reminders due in that zone's day
 * (from the sending hour on), and writes them to the outbox with a key of recipient, type, subject and due
 * date. The unique index on that key makes each reminder exist once, however often the sweep runs and on
 * however many workers at once; reminders already written are left out by the queries themselves, so a
 * repeated pass costs a few index look-ups.
 */
@Injectable()
export class ReminderSweep {
  private readonly logger = new Logger(ReminderSweep.name);
  private readonly sendFromHour: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    config: ConfigService<Environment, true>,
  ) {
    this.sendFromHour = config.get('REMINDER_SEND_FROM_HOUR', { infer: true });
  }

  /**
   * One pass at `now` (a parameter, so that tests can set the clock). Returns, per type, the reminders this pass
   * found not yet written and wrote (a pass running at the same moment may have written some of them first).
   */
  async run(now: Date = new Date()): Promise<ReminderCounts> {
    const zones = await this.zonesSendingAt(now);
    const counts: ReminderCounts = {};
    if (!zones.length) return counts;
    for (const query of QUERIES) {
      const written = await this.remind(query, zones);
      if (written) counts[query.type] = written;
    }
    if (Object.keys(counts).length) this.logger.log({ counts }, 'reminders written');
    return counts;
  }

  /** The zones of active users where it is the sending hour or later, with their local date. */
  private async zonesSendingAt(now: Date): Promise<Array<{ timeZone: string; today: string }>> {
    const rows: Array<{ timeZone: string }> = await this.dataSource.query(
      `SELECT DISTINCT time_zone AS "timeZone" FROM users WHERE active`,
    );
    return rows.flatMap(({ timeZone }) => {
      const today = reminderDay(timeZone, now, this.sendFromHour);
      return today ? [{ timeZone, today }] : [];
    });
  }

  private async remind(query: ReminderQuery, zones: Array<{ timeZone: string; today: string }>): Promise<number> {
    const type = query.type;
    const dueOn = (today: string) => (isDueSoonType(type) ? dueDateRemindedOn(type, today) : today);
    const due: DueReminder[] = await this.dataSource.query(
      `WITH zone (time_zone, today, due_on) AS (SELECT * FROM unnest($1::text[], $2::date[], $3::date[]))
       SELECT candidate.* FROM (${query.sql}) candidate
        -- The key as reminderKey() makes it.
        WHERE NOT EXISTS (
          SELECT 1 FROM notifications n
           WHERE n.dedupe_key = $4 || ':' || candidate."userId" || ':' || candidate."subjectId" || ':' || candidate."dueOn")
        ORDER BY candidate."userId", candidate."subjectId", candidate."dueOn"
        LIMIT ${BATCH}`,
      [
        zones.map((zone) => zone.timeZone),
        zones.map((zone) => zone.today),
        zones.map((zone) => dueOn(zone.today)),
        query.type,
      ],
    );
    for (const reminder of due) {
      // One short transaction each: a reminder another worker is writing at this moment waits only for that
      // row, and then its insert does nothing.
      await this.dataSource.transaction((tx) =>
        this.notifications.notifyUser(tx, reminder.userId, {
          type: query.type,
          subject: { type: query.subjectType, id: reminder.subjectId },
          params: reminder.params,
          dedupeKey: reminderKey(query.type, reminder.userId, reminder.subjectId, reminder.dueOn),
        }),
      );
    }
    return due.length;
  }
}
