import type { LanguageLevel, ScoreBreakdown, ScoreWeights } from './types';

/**
 * The published score (§6): four parts, each a share of its weight, adding up to at most 100 points.
 * These weights are the programme's default; a run may override them (they must add up to 100).
 */
export const DEFAULT_WEIGHTS: ScoreWeights = { thematic: 40, preference: 30, language: 20, reciprocity: 10 };

/** Scores are handled as integer hundredths of a point, so the optimiser compares exact integers. */
export const SCORE_SCALE = 100;
export const MAX_SCORE = 100 * SCORE_SCALE;

/** How much of the language part a shared language gives, by the participant's level in it. */
export const LANGUAGE_LEVEL_SHARE: Record<Exclude<LanguageLevel, 'basic'>, number> = {
  working: 0.6,
  fluent: 0.85,
  native: 1,
};

/** Share of the preference part by the host's rank in the participant's list (1st … 5th); unlisted 0. */
export const preferenceShare = (rank: number | null): number => (rank === null ? 0 : Math.max(0, (6 - rank) / 5));

/** Share of the participant's areas of expertise that the host works on. */
export const thematicShare = (expertise: number, shared: number): number => (expertise === 0 ? 0 : shared / expertise);

export interface ScoreParts {
  thematicShare: number;
  preferenceShare: number;
  languageShare: number;
  /** 1 when the host's organisation also sends someone who could come to the participant's organisation. */
  reciprocityShare: number;
}

/** Each part in integer hundredths of a point. */
export function scoreParts(parts: ScoreParts, weights: ScoreWeights): ScoreBreakdown {
  return {
    thematic: Math.round(weights.thematic * parts.thematicShare * SCORE_SCALE),
    preference: Math.round(weights.preference * parts.preferenceShare * SCORE_SCALE),
    language: Math.round(weights.language * parts.languageShare * SCORE_SCALE),
    reciprocity: Math.round(weights.reciprocity * parts.reciprocityShare * SCORE_SCALE),
  };
}

export const total = (breakdown: ScoreBreakdown): number =>
  breakdown.thematic + breakdown.preference + breakdown.language + breakdown.reciprocity;

/** From integer hundredths to points with two decimals, for answers. */
export const toPoints = (hundredths: number): number => hundredths / SCORE_SCALE;

export function weightsProblem(weights: ScoreWeights): string | null {
  const values = [weights.thematic, weights.preference, weights.language, weights.reciprocity];
  if (values.some((value) => !Number.isFinite(value) || value < 0)) return 'weights must not be negative';
  if (Math.abs(values.reduce((sum, value) => sum + value, 0) - 100) > 1e-9) return 'weights must add up to 100';
  return null;
}
