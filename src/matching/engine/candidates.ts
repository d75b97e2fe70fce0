import { isAccepted, isAvailableLongEnough, workingLanguages } from './eligibility';
import { LANGUAGE_LEVEL_SHARE, MAX_SCORE, preferenceShare, scoreParts, thematicShare, total } from './score';
import type {
  EngineHost,
  EngineParticipant,
  LanguageLevel,
  MatchingInput,
  ScoreBreakdown,
  ScoreWeights,
  UnmatchedReason,
} from './types';
import type { CandidateGraph } from './min-cost-flow';

/** A growable Int32Array: candidate lists are built in one pass without knowing their length. */
class Int32List {
  data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Everything the algorithms need, indexed: participants and hosts sorted by id (ties are broken by id), and
 * for each participant the hosts it may go to with the pair's score, in typed arrays.
 */
export interface Candidates extends CandidateGraph {
  participantList: EngineParticipant[];
  hostList: EngineHost[];
  /** Score without the preference part: how the host side sees the pair (for stable matching). */
  hostView: Int32Array;
  /** 1-based rank of the candidate host in the participant's list, 0 when unlisted. */
  rank: Int8Array;
  /** Why a participant cannot be placed whatever the others do; null when it has candidates. */
  blocked: Array<UnmatchedReason | null>;
  breakdown(p: number, candidate: number): ScoreBreakdown;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Maps short codes (languages, areas) to bits, so set overlaps are one AND and a popcount. */
class BitCodes {
  private readonly bits = new Map<string, number>();

  mask(codes: readonly string[]): number {
    let mask = 0;
    for (const code of codes) {
      let bit = this.bits.get(code);
      if (bit === undefined) {
        bit = this.bits.size;
        this.bits.set(code, bit);
      }
      // Beyond 31 codes the mask cannot say; callers then fall back to comparing the lists.
      if (bit < 31) mask |= 1 << bit;
    }
    return mask;
  }

  get exact(): boolean {
    return this.bits.size <= 31;
  }
}

const partsShares = (expertise: number, shared: number, rank: number, language: number, reciprocity: number) => ({
  thematicShare: thematicShare(expertise, shared),
  preferenceShare: preferenceShare(rank || null),
  languageShare: language,
  reciprocityShare: reciprocity,
});

const BITS_IN_16 = Uint8Array.from({ length: 1 << 16 }, (_, value) => {
  let count = 0;
  for (let v = value; v; v &= v - 1) count++;
  return count;
});
const popcount = (value: number) => BITS_IN_16[value & 0xffff] + BITS_IN_16[value >>> 16];

export function buildCandidates(input: MatchingInput, weights: ScoreWeights): Candidates {
  const participantList = [...input.participants].sort(byId);
  const hostList = [...input.hosts].sort(byId);
  const { rules } = input;
  const P = participantList.length;
  const H = hostList.length;
  const hostIndex = new Map(hostList.map((host, index) => [host.id, index]));

  const areaCodes = new BitCodes();
  const hostAreas = hostList.map((host) => areaCodes.mask(host.areas));
  const participantAreas = participantList.map((participant) => areaCodes.mask(participant.expertise));

  // Which participants can be placed at all, and where (ignoring capacity, which the algorithms share out).
  const blocked: Array<UnmatchedReason | null> = participantList.map((participant) => {
    if (!isAccepted(participant)) return 'application_not_accepted';
    if (!isAvailableLongEnough(participant, rules)) return 'not_available_long_enough';
    return null;
  });

  // The pair rules (other side, not own organisation, the named partner, a shared working language), in the
  // hot loop as bit masks; the engine's property tests check every proposal against the rules in eligibility.ts.
  const languageCodes = new BitCodes();
  const hostLanguages = hostList.map((host) => languageCodes.mask(host.languages));
  const participantLanguages = participantList.map((participant) => languageCodes.mask(workingLanguages(participant)));
  const exactMasks = languageCodes.exact && areaCodes.exact;
  const sharesLanguage = exactMasks
    ? (p: number, h: number) => (participantLanguages[p] & hostLanguages[h]) !== 0
    : (p: number, h: number) =>
        workingLanguages(participantList[p]).some((code) => hostList[h].languages.includes(code));
  const hostsBySide = new Map<string, number[]>();
  hostList.forEach((host, h) => {
    if (rules.sides.includes(host.side)) hostsBySide.set(host.side, [...(hostsBySide.get(host.side) ?? []), h]);
  });
  // Hosts on the other side(s) of each side, in host order.
  const othersOf = new Map(
    rules.sides.map((side) => [
      side,
      rules.sides.filter((other) => other !== side).flatMap((other) => hostsBySide.get(other) ?? []),
    ]),
  );
  const pairStart = new Int32Array(P + 1);
  const pairHost = new Int32List();
  // Reciprocity: can someone from organisation i go to host j? One bit per (host, host) pair.
  const sendsTo = new Uint8Array(H * H);
  participantList.forEach((participant, p) => {
    pairStart[p] = pairHost.length;
    if (blocked[p] || !rules.sides.includes(participant.side)) return;
    const own = hostIndex.get(participant.organisationId);
    const others = othersOf.get(participant.side) ?? [];
    const partner = participant.kind === 'joint' ? hostIndex.get(participant.partnerOrganisationId ?? '') : undefined;
    const hosts = participant.kind === 'joint' ? others.filter((h) => h === partner) : others;
    for (const h of hosts) {
      // Host ids are unique, so "not the own organisation" is "not the own host index".
      if (h === own || !sharesLanguage(p, h)) continue;
      pairHost.push(h);
      if (own !== undefined) sendsTo[own * H + h] = 1;
    }
  });
  pairStart[P] = pairHost.length;

  // At most one candidate per pair, so the rows fit in arrays of that size.
  const rowStart = new Int32Array(P + 1);
  const candidateHost = new Int32Array(pairHost.length);
  const weight = new Int32Array(pairHost.length);
  const hostView = new Int32Array(pairHost.length);
  const rank = new Int8Array(pairHost.length);
  let count = 0;
  const capacity = Int32Array.from(hostList, (host) => Math.max(0, host.capacity));

  const partsOf = (p: number, h: number) => {
    const participant = participantList[p];
    const host = hostList[h];
    const listed = participant.kind === 'joint' ? 1 : participant.preferences.indexOf(host.id) + 1;
    const shared = areaCodes.exact
      ? popcount(participantAreas[p] & hostAreas[h])
      : participant.expertise.filter((area) => host.areas.includes(area)).length;
    let language = 0;
    for (const skill of participant.languages) {
      if (skill.level !== 'basic' && host.languages.includes(skill.code)) {
        language = Math.max(language, LANGUAGE_LEVEL_SHARE[skill.level]);
      }
    }
    const own = hostIndex.get(participant.organisationId);
    return {
      listed,
      breakdown: scoreParts(
        {
          ...partsShares(
            participant.expertise.length,
            shared,
            listed,
            language,
            own !== undefined && sendsTo[h * H + own] ? 1 : 0,
          ),
        },
        weights,
      ),
    };
  };

  // The hot loop adds table lookups; `partsOf` is the readable definition it must equal (checked in tests).
  const preferencePoints = [0, 1, 2, 3, 4, 5].map((r) => scoreParts(partsShares(0, 0, r, 0, 0), weights).preference);
  const languagePoints = [0, ...Object.values(LANGUAGE_LEVEL_SHARE)].map(
    (share) => scoreParts(partsShares(0, 0, 0, share, 0), weights).language,
  );
  const reciprocityPoints = scoreParts(partsShares(0, 0, 0, 0, 1), weights).reciprocity;

  participantList.forEach((participant, p) => {
    rowStart[p] = count;
    if (blocked[p]) return;
    const pairs = pairStart[p + 1] - pairStart[p];
    const own = hostIndex.get(participant.organisationId) ?? -1;
    const listedHosts =
      participant.kind === 'joint' ? [] : participant.preferences.map((id) => hostIndex.get(id) ?? -1);
    const expertise = participant.expertise.length;
    const thematicPoints = Array.from(
      { length: expertise + 1 },
      (_, shared) => scoreParts(partsShares(expertise, shared, 0, 0, 0), weights).thematic,
    );
    const levelMask = (level: LanguageLevel) =>
      languageCodes.mask(participant.languages.filter((skill) => skill.level === level).map((skill) => skill.code));
    const [working, fluent, native] = [levelMask('working'), levelMask('fluent'), levelMask('native')];
    for (let i = pairStart[p]; i < pairStart[p + 1]; i++) {
      const h = pairHost.data[i];
      if (capacity[h] === 0) continue;
      let listed: number;
      let points: number;
      let preference: number;
      if (exactMasks) {
        listed = participant.kind === 'joint' ? 1 : listedHosts.indexOf(h) + 1;
        const languages = hostLanguages[h];
        preference = preferencePoints[listed];
        points =
          thematicPoints[popcount(participantAreas[p] & hostAreas[h])] +
          preference +
          languagePoints[native & languages ? 3 : fluent & languages ? 2 : working & languages ? 1 : 0] +
          (own !== -1 && sendsTo[h * H + own] ? reciprocityPoints : 0);
      } else {
        const parts = partsOf(p, h);
        listed = parts.listed;
        preference = parts.breakdown.preference;
        points = total(parts.breakdown);
      }
      candidateHost[count] = h;
      weight[count] = points;
      hostView[count] = points - preference;
      rank[count] = listed;
      count++;
    }
    if (count === rowStart[p]) {
      blocked[p] =
        pairs > 0 ? 'capacity_exhausted' : participant.kind === 'joint' ? 'partner_not_eligible' : 'no_eligible_host';
    }
  });
  rowStart[P] = count;

  return {
    participants: P,
    hosts: H,
    capacity,
    rowStart,
    candidateHost: candidateHost.subarray(0, count),
    weight: weight.subarray(0, count),
    hostView: hostView.subarray(0, count),
    rank: rank.subarray(0, count),
    maxWeight: MAX_SCORE,
    participantList,
    hostList,
    blocked,
    breakdown: (p, candidate) => partsOf(p, candidateHost[candidate]).breakdown,
  };
}
