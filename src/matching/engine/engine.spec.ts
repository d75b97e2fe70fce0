import { runMatching } from './engine';
import { host, participant, RULES } from './fixtures';
import type { MatchingInput } from './types';

const placements = (input: MatchingInput, algorithm: 'optimal' | 'stable') =>
  Object.fromEntries(
    runMatching(input, algorithm).proposals.map((proposal) => [proposal.participantId, proposal.hostId]),
  );

describe('matching engine, hand-made cases', () => {
  it('places more people rather than fewer with higher scores (greedy would place one)', () => {
    // a fits h1 best, but h1 is b's only option: the optimum sends a to h2 so both go.
    const input: MatchingInput = {
      rules: RULES,
      hosts: [host({ id: 'h1', areas: ['water_resources'] }), host({ id: 'h2', areas: ['other'], languages: ['en'] })],
      participants: [
        participant({ id: 'a', preferences: ['h1'] }),
        participant({ id: 'b', languages: [{ code: 'zh', level: 'native' }] }),
      ],
    };
    expect(placements(input, 'optimal')).toEqual({ a: 'h2', b: 'h1' });
    const { statistics } = runMatching(input, 'optimal');
    expect(statistics).toMatchObject({ participants: 2, placed: 2, unmatched: 0 });
  });

  it('maximises the total score when the count is the same', () => {
    const input: MatchingInput = {
      rules: RULES,
      hosts: [host({ id: 'h1', areas: ['water_resources'] }), host({ id: 'h2', areas: ['climate_change'] })],
      participants: [
        participant({ id: 'a', expertise: ['water_resources'] }),
        participant({ id: 'b', expertise: ['climate_change'] }),
      ],
    };
    expect(placements(input, 'optimal')).toEqual({ a: 'h1', b: 'h2' });
  });

  it('honours host capacity and says why the others are not placed', () => {
    const input: MatchingInput = {
      rules: RULES,
      hosts: [host({ id: 'h', capacity: 2 })],
      participants: [
        participant({ id: 'a' }),
        participant({ id: 'b' }),
        participant({ id: 'c' }),
        participant({ id: 'd', status: 'rejected' }),
        participant({ id: 'e', availableFrom: '2027-09-20' }),
        participant({ id: 'f', languages: [{ code: 'fr', level: 'native' }] }),
        participant({ id: 'g', kind: 'joint', partnerOrganisationId: 'elsewhere' }),
      ],
    };
    for (const algorithm of ['optimal', 'stable'] as const) {
      const result = runMatching(input, algorithm);
      expect(result.proposals.map((proposal) => proposal.participantId)).toEqual(['a', 'b']);
      expect(Object.fromEntries(result.unmatched.map((u) => [u.participantId, u.reason]))).toEqual({
        c: 'capacity_exhausted',
        d: 'application_not_accepted',
        e: 'not_available_long_enough',
        f: 'no_eligible_host',
        g: 'partner_not_eligible',
      });
    }
  });

  it('gives the stable matching a participant-optimal answer, where the optimum differs', () => {
    // Both want h1 first; h1 (one place) prefers b by fit. Stable: b→h1, a→h2, with nobody wanting to swap.
    const input: MatchingInput = {
      rules: RULES,
      hosts: [host({ id: 'h1', areas: ['climate_change'] }), host({ id: 'h2', areas: ['water_resources'] })],
      participants: [
        participant({ id: 'a', preferences: ['h1', 'h2'], expertise: ['water_resources'] }),
        participant({ id: 'b', preferences: ['h1', 'h2'], expertise: ['climate_change'] }),
      ],
    };
    expect(placements(input, 'stable')).toEqual({ a: 'h2', b: 'h1' });
  });

  it('publishes the score breakdown and the dates, and counts reciprocal pairs', () => {
    const input: MatchingInput = {
      rules: RULES,
      hosts: [
        host({ id: 'eu-org', side: 'EU', languages: ['en'], areas: ['water_resources'] }),
        host({ id: 'cn-org', side: 'CN', languages: ['en', 'zh'], areas: ['water_resources'] }),
      ],
      participants: [
        participant({ id: 'a', organisationId: 'eu-org', preferences: ['cn-org'] }),
        participant({ id: 'b', side: 'CN', organisationId: 'cn-org' }),
      ],
    };
    const result = runMatching(input, 'optimal');
    const a = result.proposals.find((proposal) => proposal.participantId === 'a')!;
    // Full thematic fit (40), 1st preference (30), fluent English (0.85 × 20 = 17), reciprocal (10).
    expect(a.breakdown).toEqual({ thematic: 40, preference: 30, language: 17, reciprocity: 10 });
    expect(a.score).toBe(97);
    expect(a.preferenceRank).toBe(1);
    expect(a).toMatchObject({ startsOn: '2027-08-01', endsOn: '2027-09-25' });
    expect(result.statistics).toMatchObject({
      placed: 2,
      reciprocalPairs: 1,
      preferenceRanks: { '1': 1, unlisted: 1 },
      placedShareBySide: { CN: 1, EU: 1 },
    });
  });

  it('gives the same answer when more languages are in play than its bit masks hold', () => {
    const input: MatchingInput = {
      rules: RULES,
      hosts: [host({ id: 'h1', capacity: 1 }), host({ id: 'h2', languages: ['en'], areas: ['other'] })],
      participants: [
        participant({ id: 'a', preferences: ['h2'] }),
        participant({ id: 'b', languages: [{ code: 'zh', level: 'working' }] }),
      ],
    };
    const unused = Array.from({ length: 40 }, (_, i) => `x${i}`);
    const crowded: MatchingInput = {
      ...input,
      hosts: [...input.hosts, host({ id: 'h9', side: 'EU', languages: unused, capacity: 0 })],
    };
    expect(runMatching(crowded, 'optimal').proposals).toEqual(runMatching(input, 'optimal').proposals);
    expect(runMatching(crowded, 'stable').proposals).toEqual(runMatching(input, 'stable').proposals);
  });

  it('answers an empty cohort with nothing placed', () => {
    const result = runMatching({ rules: RULES, hosts: [], participants: [] }, 'optimal');
    expect(result).toMatchObject({ proposals: [], unmatched: [], statistics: { placed: 0, meanScore: null } });
  });
});
