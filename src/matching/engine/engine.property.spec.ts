import fc from 'fast-check';
import { buildCandidates } from './candidates';
import { isAvailableLongEnough, isEligible, isEligiblePair, windowOf } from './eligibility';
import { runMatching } from './engine';
import { RULES } from './fixtures';
import { DEFAULT_WEIGHTS, total } from './score';
import type { EngineHost, EngineParticipant, MatchingInput, MatchingResult } from './types';

/**
 * Properties of both algorithms over many small random cohorts (seeded, so a failure replays). Small enough
 * that the optimum can be found by trying every assignment.
 */
const RUNS = { numRuns: 600, seed: 20_130_601 };

const AREAS = ['water_resources', 'climate_change', 'gender_equality'];
const LANGUAGES = ['en', 'zh', 'de'];
const LEVELS = ['basic', 'working', 'fluent', 'native'] as const;

const hostArbitrary = (index: number) =>
  fc.record({
    id: fc.constant(`h${index}`),
    side: fc.constantFrom('EU', 'CN'),
    languages: fc.subarray(LANGUAGES, { minLength: 1 }),
    areas: fc.subarray(AREAS, { minLength: 1 }),
    capacity: fc.integer({ min: 0, max: 2 }),
  });

const participantArbitrary = (index: number, hostIds: string[]) =>
  fc
    .record({
      side: fc.constantFrom('EU', 'CN'),
      status: fc.constantFrom('accepted', 'accepted', 'accepted', 'accepted', 'submitted'),
      organisationId: fc.constantFrom(...hostIds, `own-${index}`),
      languages: fc.uniqueArray(fc.record({ code: fc.constantFrom(...LANGUAGES), level: fc.constantFrom(...LEVELS) }), {
        minLength: 1,
        maxLength: 2,
        selector: (language) => language.code,
      }),
      expertise: fc.subarray(AREAS, { minLength: 1 }),
      // Day offsets into the direction's window; some too short on purpose.
      startOffset: fc.integer({ min: -10, max: 45 }),
      length: fc.integer({ min: 10, max: 90 }),
      joint: fc.boolean().map((joint) => joint && hostIds.length > 0),
      partner: fc.constantFrom(...hostIds),
      preferences: fc.shuffledSubarray(hostIds, { maxLength: Math.min(3, hostIds.length) }),
    })
    .map((draw): EngineParticipant => {
      const window = RULES.windows.find((candidate) => candidate.from === draw.side)!;
      const start = new Date(Date.parse(window.startsOn) + draw.startOffset * 86_400_000);
      const end = new Date(start.getTime() + (draw.length - 1) * 86_400_000);
      return {
        id: `p${index}`,
        staffId: `s${index}`,
        status: draw.status as EngineParticipant['status'],
        side: draw.side,
        organisationId: draw.organisationId,
        languages: draw.languages,
        expertise: draw.expertise,
        availableFrom: start.toISOString().slice(0, 10),
        availableTo: end.toISOString().slice(0, 10),
        kind: draw.joint ? 'joint' : 'single',
        partnerOrganisationId: draw.joint ? draw.partner : null,
        preferences: draw.joint ? [] : draw.preferences,
      };
    });

const cohortArbitrary = (maxParticipants: number, maxHosts: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxHosts }), fc.integer({ min: 0, max: maxParticipants }))
    .chain(([hostCount, participantCount]) =>
      fc.tuple(
        fc.tuple(...Array.from({ length: hostCount }, (_, i) => hostArbitrary(i))),
        fc.tuple(
          ...Array.from({ length: participantCount }, (_, i) =>
            participantArbitrary(
              i,
              Array.from({ length: hostCount }, (__, h) => `h${h}`),
            ),
          ),
        ),
      ),
    )
    .map(([hosts, participants]): MatchingInput => ({ hosts: hosts as EngineHost[], participants, rules: RULES }));

/** Score of each (participant, host) pair in integer hundredths, as the engine defines it. */
function pairScores(input: MatchingInput): Map<string, number> {
  const candidates = buildCandidates(input, DEFAULT_WEIGHTS);
  const scores = new Map<string, number>();
  candidates.participantList.forEach((participant, p) => {
    for (let c = candidates.rowStart[p]; c < candidates.rowStart[p + 1]; c++) {
      scores.set(`${participant.id}>${candidates.hostList[candidates.candidateHost[c]].id}`, candidates.weight[c]);
    }
  });
  return scores;
}

/** The best (count, then total score) over every assignment, by exhaustion; eligibility from the rules alone. */
function bruteForce(input: MatchingInput): { placed: number; total: number } {
  const scores = pairScores(input);
  const options = input.participants.map((participant) =>
    input.hosts.filter((host) => isEligible(participant, host, input.rules)).map((host) => host.id),
  );
  const load = new Map<string, number>();
  let best = { placed: 0, total: 0 };
  const visit = (index: number, placed: number, total: number) => {
    if (index === input.participants.length) {
      if (placed > best.placed || (placed === best.placed && total > best.total)) best = { placed, total };
      return;
    }
    visit(index + 1, placed, total);
    for (const hostId of options[index]) {
      const capacity = input.hosts.find((host) => host.id === hostId)!.capacity;
      if ((load.get(hostId) ?? 0) >= capacity) continue;
      load.set(hostId, (load.get(hostId) ?? 0) + 1);
      visit(index + 1, placed + 1, total + scores.get(`${input.participants[index].id}>${hostId}`)!);
      load.set(hostId, load.get(hostId)! - 1);
    }
  };
  visit(0, 0, 0);
  return best;
}

const totalOf = (result: MatchingResult) => Math.round(result.proposals.reduce((sum, p) => sum + p.score * 100, 0));

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

function checkFeasible(input: MatchingInput, result: MatchingResult): void {
  const seen = new Set<string>();
  const load = new Map<string, number>();
  for (const proposal of result.proposals) {
    expect(seen.has(proposal.participantId)).toBe(false);
    seen.add(proposal.participantId);
    load.set(proposal.hostId, (load.get(proposal.hostId) ?? 0) + 1);
    const participant = input.participants.find((p) => p.id === proposal.participantId)!;
    const host = input.hosts.find((h) => h.id === proposal.hostId)!;
    expect(isEligible(participant, host, input.rules)).toBe(true);
    const window = windowOf(participant, input.rules)!;
    for (const bound of [proposal.startsOn, proposal.endsOn]) {
      expect(bound >= window.startsOn && bound <= window.endsOn).toBe(true);
      expect(bound >= participant.availableFrom && bound <= participant.availableTo).toBe(true);
    }
    const length = days(proposal.startsOn, proposal.endsOn);
    expect(length).toBeGreaterThanOrEqual(input.rules.minPlacementDays);
    expect(length).toBeLessThanOrEqual(input.rules.maxPlacementDays);
    expect(proposal.score).toBeGreaterThanOrEqual(0);
    expect(proposal.score).toBeLessThanOrEqual(100);
  }
  for (const [hostId, placed] of load) {
    expect(placed).toBeLessThanOrEqual(input.hosts.find((h) => h.id === hostId)!.capacity);
  }
  // Everyone is either placed or unmatched, once.
  expect(result.proposals.length + result.unmatched.length).toBe(input.participants.length);
}

/** Each reason given for leaving someone out is true of the input and the result. */
function checkReasons(input: MatchingInput, result: MatchingResult): void {
  const load = new Map<string, number>();
  for (const proposal of result.proposals) load.set(proposal.hostId, (load.get(proposal.hostId) ?? 0) + 1);
  for (const { participantId, reason } of result.unmatched) {
    const participant = input.participants.find((p) => p.id === participantId)!;
    const pairs = input.hosts.filter((host) => isEligiblePair(participant, host, input.rules));
    switch (reason) {
      case 'application_not_accepted':
        expect(participant.status).not.toBe('accepted');
        break;
      case 'not_available_long_enough':
        expect(isAvailableLongEnough(participant, input.rules)).toBe(false);
        break;
      case 'no_eligible_host':
      case 'partner_not_eligible':
        expect(pairs).toEqual([]);
        expect(reason === 'partner_not_eligible').toBe(participant.kind === 'joint');
        break;
      case 'capacity_exhausted':
        expect(pairs.length).toBeGreaterThan(0);
        for (const host of pairs) expect(load.get(host.id) ?? 0).toBe(host.capacity);
        break;
    }
  }
}

describe('matching engine properties', () => {
  it('optimal places as many as the exhaustive optimum, with the same best total score', () => {
    fc.assert(
      fc.property(cohortArbitrary(6, 3), (input) => {
        const result = runMatching(input, 'optimal');
        const best = bruteForce(input);
        expect({ placed: result.proposals.length, total: totalOf(result) }).toEqual(best);
      }),
      RUNS,
    );
  });

  it('stable leaves no participant and host who would both rather be together', () => {
    fc.assert(
      fc.property(cohortArbitrary(8, 4), (input) => {
        const result = runMatching(input, 'stable');
        const candidates = buildCandidates(input, DEFAULT_WEIGHTS);
        const scoreOf = new Map<string, { score: number; hostView: number; rank: number }>();
        candidates.participantList.forEach((participant, p) => {
          for (let c = candidates.rowStart[p]; c < candidates.rowStart[p + 1]; c++) {
            const h = candidates.hostList[candidates.candidateHost[c]].id;
            scoreOf.set(`${participant.id}>${h}`, {
              score: candidates.weight[c],
              hostView: candidates.hostView[c],
              rank: candidates.rank[c] || 99,
            });
          }
        });
        // Participant's order: listed rank, then score, then host id. Host's: host-side score, then participant id.
        const participantPrefers = (p: string, a: string, b: string | undefined) => {
          if (b === undefined) return true;
          const x = scoreOf.get(`${p}>${a}`)!;
          const y = scoreOf.get(`${p}>${b}`)!;
          return x.rank !== y.rank ? x.rank < y.rank : x.score !== y.score ? x.score > y.score : a < b;
        };
        const hostPrefers = (h: string, a: string, b: string) => {
          const x = scoreOf.get(`${a}>${h}`)!.hostView;
          const y = scoreOf.get(`${b}>${h}`)!.hostView;
          return x !== y ? x > y : a < b;
        };
        const hostOf = new Map(result.proposals.map((proposal) => [proposal.participantId, proposal.hostId]));
        for (const participant of input.participants) {
          for (const host of input.hosts) {
            if (!isEligible(participant, host, input.rules) || hostOf.get(participant.id) === host.id) continue;
            if (!participantPrefers(participant.id, host.id, hostOf.get(participant.id))) continue;
            const held = result.proposals.filter((proposal) => proposal.hostId === host.id).map((p) => p.participantId);
            const blocking =
              held.length < host.capacity || held.some((other) => hostPrefers(host.id, participant.id, other));
            expect({ participant: participant.id, host: host.id, blocking }).toMatchObject({ blocking: false });
          }
        }
      }),
      RUNS,
    );
  });

  it('never places anyone twice, above capacity, against a rule or outside the dates, and gives true reasons', () => {
    fc.assert(
      fc.property(cohortArbitrary(10, 4), fc.constantFrom('optimal', 'stable'), (input, algorithm) => {
        const result = runMatching(input, algorithm as 'optimal' | 'stable');
        checkFeasible(input, result);
        checkReasons(input, result);
        // The candidate builder's fast score equals the published breakdown, pair by pair.
        const candidates = buildCandidates(input, DEFAULT_WEIGHTS);
        for (let p = 0; p < candidates.participants; p++) {
          for (let c = candidates.rowStart[p]; c < candidates.rowStart[p + 1]; c++) {
            const breakdown = candidates.breakdown(p, c);
            expect(candidates.weight[c]).toBe(total(breakdown));
            expect(candidates.hostView[c]).toBe(total(breakdown) - breakdown.preference);
          }
        }
      }),
      RUNS,
    );
  });

  it('gives the same answer for the same cohort, whatever the order it is listed in', () => {
    fc.assert(
      fc.property(cohortArbitrary(10, 4), fc.constantFrom('optimal', 'stable'), (input, algorithm) => {
        const first = runMatching(input, algorithm as 'optimal' | 'stable');
        const reordered: MatchingInput = {
          ...input,
          participants: [...input.participants].reverse(),
          hosts: [...input.hosts].reverse(),
        };
        expect(runMatching(reordered, algorithm as 'optimal' | 'stable')).toEqual(first);
      }),
      RUNS,
    );
  });
});
