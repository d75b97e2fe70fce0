/** The programme's own words, shared by organisations, staff, cohorts and applications (SPEC §1, §5). */

export const THEMATIC_AREAS = [
  'poverty_alleviation',
  'social_governance',
  'gender_equality',
  'climate_change',
  'environment_protection',
  'public_welfare_research',
  'water_resources',
  'capacity_building',
  'other',
] as const;
export type ThematicArea = (typeof THEMATIC_AREAS)[number];

/** Region codes are short upper-case codes such as `EU` or `CN`. */
export const REGION_PATTERN = /^[A-Z]{2,8}$/;
export type Region = string;

export const GENDERS = ['female', 'male', 'non_binary', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];

/** What a day of an exchange was spent on (exchange logs). */
export const ACTIVITY_TYPES = ['meeting', 'training', 'field_visit', 'workshop', 'research', 'event', 'other'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const LANGUAGE_LEVELS = ['basic', 'working', 'fluent', 'native'] as const;
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];

export interface LanguageSkill {
  /** ISO 639-1. */
  code: string;
  level: LanguageLevel;
}
