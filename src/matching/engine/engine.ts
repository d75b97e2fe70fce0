import { buildCandidates, Candidates } from './candidates';
import { suggestedDates } from './eligibility';
import { maxWeightBMatching } from './min-cost-flow';
import { DEFAULT_WEIGHTS, toPoints } from './score';
import { stableMatching } from './stable';
import type {
  Algorithm,
  MatchingInput,
  MatchingResult,
  MatchingStatistics,
  Proposal,
  ScoreWeights,
  Unmatched,
} from './types';

/** Stored with every run, so a result can be explained and reproduced with the code that made it. */
export const ENGINE_VERSION = '1.0.0';

/** Runs one algorithm over a snapshot of the cohort. Pure and deterministic: the same input gives the same output. */
export function runMatching(
  input: MatchingInput,
  algorithm: Algorithm,
  weights: ScoreWeights = DEFAULT_WEIGHTS,
): MatchingResult {
  const candidates = buildCandidates(input, weights);
  const chosen = algorithm === 'optimal' ? maxWeightBMatching(candidates) : stableMatching(candidates);
  const proposals: Proposal[] = [];
  const unmatched: Unmatched[] = [];
  candidates.participantList.forEach((participant, p) => {
    const c = chosen[p];
    if (c === -1) {
      unmatched.push({
        participantId: participant.id,
        staffId: participant.staffId,
        // With candidates but unplaced: every host it could go to is full (the algorithms leave no free one).
        reason: candidates.blocked[p] ?? 'capacity_exhausted',
      });
      return;
    }
    const breakdown = candidates.breakdown(p, c);
    proposals.push({
      participantId: participant.id,
      staffId: participant.staffId,
      hostId: candidates.hostList[candidates.candidateHost[c]].id,
      ...suggestedDates(participant, input.rules),
      score: toPoints(candidates.weight[c]),
      breakdown: {
        thematic: toPoints(breakdown.thematic),
        preference: toPoints(breakdown.preference),
        language: toPoints(breakdown.language),
        reciprocity: toPoints(breakdown.reciprocity),
      },
      preferenceRank: candidates.rank[c] > 0 ? candidates.rank[c] : null,
    });
  });
  return { proposals, unmatched, statistics: statisticsOf(candidates, proposals, unmatched) };
}

function statisticsOf(candidates: Candidates, proposals: Proposal[], unmatched: Unmatched[]): MatchingStatistics {
  const participants = candidates.participantList;
  const byId = new Map(participants.map((participant) => [participant.id, participant]));
  const unmatchedByReason: MatchingStatistics['unmatchedByReason'] = {};
  for (const { reason } of unmatched) unmatchedByReason[reason] = (unmatchedByReason[reason] ?? 0) + 1;

  const preferenceRanks: Record<string, number> = {};
  for (const proposal of proposals) {
    const key = proposal.preferenceRank === null ? 'unlisted' : String(proposal.preferenceRank);
    preferenceRanks[key] = (preferenceRanks[key] ?? 0) + 1;
  }

  // A reciprocal pair: two organisations each receiving the other's participant in this run.
  const flows = new Set(
    proposals.map((proposal) => `${byId.get(proposal.participantId)!.organisationId}>${proposal.hostId}`),
  );
  let reciprocalPairs = 0;
  for (const flow of flows) {
    const [from, to] = flow.split('>');
    if (from < to && flows.has(`${to}>${from}`)) reciprocalPairs++;
  }

  const share = (key: (id: string) => string[]) => {
    const all: Record<string, number> = {};
    const placed: Record<string, number> = {};
    for (const participant of participants) for (const k of key(participant.id)) all[k] = (all[k] ?? 0) + 1;
    for (const proposal of proposals) for (const k of key(proposal.participantId)) placed[k] = (placed[k] ?? 0) + 1;
    return Object.fromEntries(
      Object.keys(all)
        .sort()
        .map((k) => [k, Math.round(((placed[k] ?? 0) / all[k]) * 10_000) / 10_000]),
    );
  };

  const totalScore = Math.round(proposals.reduce((sum, proposal) => sum + proposal.score * 100, 0)) / 100;
  return {
    participants: participants.length,
    placed: proposals.length,
    unmatched: unmatched.length,
    unmatchedByReason,
    totalScore,
    meanScore: proposals.length ? Math.round((totalScore / proposals.length) * 100) / 100 : null,
    reciprocalPairs,
    preferenceRanks,
    placedShareBySide: share((id) => [byId.get(id)!.side]),
    placedShareByArea: share((id) => byId.get(id)!.expertise),
  };
}
