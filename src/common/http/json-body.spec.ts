import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-body';

const nested = (depth: number, open = '{"a":', close = '}') => `${open.repeat(depth)}1${close.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts objects and arrays alike, up to the limit and one past it', () => {
    expect(nestsDeeperThan(Buffer.from(nested(3)), 3)).toBe(false);
    expect(nestsDeeperThan(Buffer.from(nested(4)), 3)).toBe(true);
    expect(nestsDeeperThan(Buffer.from(nested(4, '[', ']')), 3)).toBe(true);
    expect(nestsDeeperThan(Buffer.from('[{"a":[1]},{"b":[2]},[3]]'), 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(Buffer.from(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[' })), 1)).toBe(false);
    expect(nestsDeeperThan(Buffer.from(JSON.stringify({ a: '"', b: { c: {} } })), 2)).toBe(true);
  });

  it('reads UTF-8 text whole', () => {
    expect(nestsDeeperThan(Buffer.from(JSON.stringify({ name: '王芳 [«»]', nested: [{ ok: true }] })), 3)).toBe(false);
  });

  it('lets every body the API takes through: the deepest, a cohort with grant rules, nests 4 levels', () => {
    const cohort = {
      grantRules: { dailyAllowances: [{ hostSide: 'CN', amount: { amountMinor: 6000, currency: 'EUR' } }] },
    };
    expect(nestsDeeperThan(Buffer.from(JSON.stringify(cohort)), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(Buffer.from(nested(100_000)), MAX_JSON_DEPTH)).toBe(true);
  });
});
