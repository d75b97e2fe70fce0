import { DEFAULT_WEIGHTS, preferenceShare, scoreParts, thematicShare, total, weightsProblem } from './score';

describe('score', () => {
  it('has default weights that add up to 100', () => {
    expect(weightsProblem(DEFAULT_WEIGHTS)).toBeNull();
    expect(weightsProblem({ thematic: 50, preference: 30, language: 20, reciprocity: 10 })).toMatch(/100/);
    expect(weightsProblem({ thematic: 110, preference: 0, language: 0, reciprocity: -10 })).toMatch(/negative/);
  });

  it('gives the preference part by rank: 1st full, 5th a fifth, unlisted nothing', () => {
    expect(preferenceShare(1)).toBe(1);
    expect(preferenceShare(5)).toBeCloseTo(0.2);
    expect(preferenceShare(null)).toBe(0);
  });

  it('gives the thematic part as the share of expertise the host works on', () => {
    expect(thematicShare(2, 1)).toBe(0.5);
    expect(thematicShare(0, 0)).toBe(0);
  });

  it('adds the four parts in integer hundredths, 100 points at most', () => {
    const best = scoreParts(
      { thematicShare: 1, preferenceShare: 1, languageShare: 1, reciprocityShare: 1 },
      DEFAULT_WEIGHTS,
    );
    expect(best).toEqual({ thematic: 4000, preference: 3000, language: 2000, reciprocity: 1000 });
    expect(total(best)).toBe(10_000);
    const some = scoreParts(
      { thematicShare: 1 / 3, preferenceShare: 0.6, languageShare: 0.85, reciprocityShare: 0 },
      DEFAULT_WEIGHTS,
    );
    expect(some).toEqual({ thematic: 1333, preference: 1800, language: 1700, reciprocity: 0 });
  });
});
