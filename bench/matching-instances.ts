import { RULES } from '../src/matching/engine/fixtures';
import type { EngineHost, EngineParticipant, LanguageLevel, MatchingInput } from '../src/matching/engine/types';

/**
 * Realistic random cohorts for the matching benchmark: two sides, languages and thematic areas distributed
 * as in the demo data (European organisations work in their language and English, Chinese ones in Chinese
 * and mostly English), capacities 1-8, most applicants single with up to five preferences.
 */

const AREAS = [
  'poverty_alleviation',
  'social_governance',
  'gender_equality',
  'climate_change',
  'environment_protection',
  'public_welfare_research',
  'water_resources',
  'capacity_building',
  'other',
];
const EU_LANGUAGES = ['de', 'fr', 'it', 'es', 'nl', 'pl', 'sv'];

/** Small seeded generator (mulberry32): the same size gives the same cohort. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const some = <T>(items: readonly T[], count: number): T[] => {
    const chosen = new Set<T>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(pick(items));
    return [...chosen];
  };
  return { next, int, pick, some };
}

const pad = (n: number) => String(n).padStart(6, '0');

export function cohortOfSize(applicants: number, hostCount: number, seed = 2013): MatchingInput {
  const r = random(seed + applicants * 31 + hostCount);
  const hosts: EngineHost[] = Array.from({ length: hostCount }, (_, i) => {
    const side = i % 2 === 0 ? 'EU' : 'CN';
    const languages =
      side === 'EU'
        ? [r.pick(EU_LANGUAGES), 'en', ...(r.next() < 0.1 ? ['zh'] : [])]
        : ['zh', ...(r.next() < 0.8 ? ['en'] : [])];
    return { id: `org-${pad(i)}`, side, languages, areas: r.some(AREAS, r.int(1, 3)), capacity: r.int(1, 8) };
  });
  const bySide = { EU: hosts.filter((h) => h.side === 'EU'), CN: hosts.filter((h) => h.side === 'CN') };
  const participants: EngineParticipant[] = Array.from({ length: applicants }, (_, i) => {
    const side = r.next() < 0.5 ? 'EU' : 'CN';
    const other = side === 'EU' ? bySide.CN : bySide.EU;
    const own = r.pick(side === 'EU' ? bySide.EU : bySide.CN);
    const languages: Array<{ code: string; level: LanguageLevel }> =
      side === 'EU'
        ? [
            { code: own.languages[0], level: 'native' },
            { code: 'en', level: r.pick(['working', 'fluent', 'fluent'] as const) },
            ...(r.next() < 0.2 ? [{ code: 'zh', level: r.pick(['basic', 'working'] as const) }] : []),
          ]
        : [
            { code: 'zh', level: 'native' },
            { code: 'en', level: r.pick(['basic', 'working', 'working', 'fluent'] as const) },
          ];
    const window = RULES.windows.find((w) => w.from === side)!;
    const shortAvailability = r.next() < 0.05;
    const start = Date.parse(window.startsOn) + r.int(-10, 20) * 86_400_000;
    const length = shortAvailability ? r.int(7, 20) : r.int(40, 90);
    const joint = r.next() < 0.15;
    return {
      id: `app-${pad(i)}`,
      staffId: `staff-${pad(i)}`,
      status: r.next() < 0.92 ? 'accepted' : 'rejected',
      side,
      organisationId: own.id,
      languages,
      expertise: r.some(AREAS, r.int(1, 2)),
      availableFrom: new Date(start).toISOString().slice(0, 10),
      availableTo: new Date(start + (length - 1) * 86_400_000).toISOString().slice(0, 10),
      kind: joint ? 'joint' : 'single',
      partnerOrganisationId: joint ? r.pick(other).id : null,
      preferences: joint ? [] : r.some(other, r.int(0, 5)).map((h) => h.id),
    };
  });
  return { participants, hosts, rules: RULES };
}
