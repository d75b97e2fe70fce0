/** How a twinning pair came about (§5): an accepted joint application, an applied matching run, or a placement. */
export const TWINNING_PAIR_ORIGINS = ['joint_application', 'matching_run', 'placement'] as const;
export type TwinningPairOrigin = (typeof TWINNING_PAIR_ORIGINS)[number];
