import { changedFields } from './changes';

describe('changedFields', () => {
  it('lists only the fields whose value differs', () => {
    expect(changedFields({ a: 1, b: 'x', c: true }, { a: 1, b: 'y', c: false })).toEqual({
      b: { before: 'x', after: 'y' },
      c: { before: true, after: false },
    });
  });

  it('treats a created record as every field going from null', () => {
    expect(changedFields(null, { name: 'Hope NGO' })).toEqual({ name: { before: null, after: 'Hope NGO' } });
  });

  it('compares dates and nested values by content, not identity', () => {
    const when = '2026-08-01T00:00:00.000Z';
    expect(changedFields({ at: new Date(when), tags: ['a'] }, { at: new Date(when), tags: ['a'] })).toEqual({});
    expect(changedFields({ tags: ['a'] }, { tags: ['a', 'b'] })).toEqual({
      tags: { before: ['a'], after: ['a', 'b'] },
    });
  });

  it('counts a missing field and a null field as the same', () => {
    expect(changedFields<{ note?: string | null }>({}, { note: null })).toEqual({});
  });
});
