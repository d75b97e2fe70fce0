/**
 * The matching engine's own vocabulary: plain data in, plain data out. Nothing here knows about Nest, TypeORM
 * or the database, so the engine can be tested and benchmarked alone.
 */

export type LanguageLevel = 'basic' | 'working' | 'fluent' | 'native';

export interface EngineParticipant {
  /** The application id. */
  id: string;
  staffId: string;
  status: 'submitted' | 'accepted' | 'rejected' | 'withdrawn';
  /** The region of the participant's organisation. */
  side: string;
  organisationId: string;
  languages: Array<{ code: string; level: LanguageLevel }>;
  expertise: string[];
  availableFrom: string;
  availableTo: string;
  kind: 'joint' | 'single';
  partnerOrganisationId: string | null;
  /** Host organisation ids, most wanted first. */
  preferences: string[];
}

export interface EngineHost {
  /** The organisation id. */
  id: string;
  side: string;
  languages: string[];
  areas: string[];
  /** Places left in this cohort. */
  capacity: number;
}

export interface EngineWindow {
  from: string;
  to: string;
  startsOn: string;
  endsOn: string;
}

export interface EngineRules {
  sides: string[];
  windows: EngineWindow[];
  minPlacementDays: number;
  maxPlacementDays: number;
}

/** Points of each score part; they add up to 100. */
export interface ScoreWeights {
  thematic: number;
  preference: number;
  language: number;
  reciprocity: number;
}

export interface ScoreBreakdown {
  thematic: number;
  preference: number;
  language: number;
  reciprocity: number;
}

export interface MatchingInput {
  participants: EngineParticipant[];
  hosts: EngineHost[];
  rules: EngineRules;
}

export type Algorithm = 'optimal' | 'stable';

export interface Proposal {
  participantId: string;
  staffId: string;
  hostId: string;
  startsOn: string;
  endsOn: string;
  /** 0-100, two decimals. */
  score: number;
  breakdown: ScoreBreakdown;
  /** 1-based rank of the host in the participant's list; null when it was not listed. */
  preferenceRank: number | null;
}

export const UNMATCHED_REASONS = [
  'application_not_accepted',
  'not_available_long_enough',
  'partner_not_eligible',
  'no_eligible_host',
  'capacity_exhausted',
] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

export interface Unmatched {
  participantId: string;
  staffId: string;
  reason: UnmatchedReason;
}

export interface MatchingStatistics {
  participants: number;
  placed: number;
  unmatched: number;
  unmatchedByReason: Partial<Record<UnmatchedReason, number>>;
  totalScore: number;
  meanScore: number | null;
  reciprocalPairs: number;
  /** How many got their 1st, 2nd, … listed host; `unlisted` were placed elsewhere. */
  preferenceRanks: Record<string, number>;
  /** Placed share (0-1) of the participants of each side and of each thematic area of expertise. */
  placedShareBySide: Record<string, number>;
  placedShareByArea: Record<string, number>;
}

export interface MatchingResult {
  proposals: Proposal[];
  unmatched: Unmatched[];
  statistics: MatchingStatistics;
}
