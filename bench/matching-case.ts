import { munkres } from 'munkres';
import { buildCandidates } from '../src/matching/engine/candidates';
import { runMatching } from '../src/matching/engine/engine';
import { DEFAULT_WEIGHTS, MAX_SCORE } from '../src/matching/engine/score';
import { cohortOfSize } from './matching-instances';

/**
 * One benchmark case in its own process, so that its peak memory is its own:
 *   node -r ts-node/register/transpile-only bench/matching-case.ts <solver> <applicants> <hosts>
 * Prints one JSON line: seconds, peak RSS (MB), placed, total score.
 */

type Outcome = { placed: number; total: number };

/** Highest score first, each participant and host slot taken at most once: the spreadsheet way. */
function greedy(applicants: number, hosts: number): Outcome {
  const candidates = buildCandidates(cohortOfSize(applicants, hosts), DEFAULT_WEIGHTS);
  const order = Array.from(candidates.weight.keys()).sort(
    (a, b) => candidates.weight[b] - candidates.weight[a] || a - b,
  );
  const participantOf = new Int32Array(candidates.weight.length);
  for (let p = 0; p < candidates.participants; p++) {
    for (let c = candidates.rowStart[p]; c < candidates.rowStart[p + 1]; c++) participantOf[c] = p;
  }
  const placed = new Uint8Array(candidates.participants);
  const load = new Int32Array(candidates.hosts);
  let count = 0;
  let total = 0;
  for (const c of order) {
    const p = participantOf[c];
    const h = candidates.candidateHost[c];
    if (placed[p] || load[h] >= candidates.capacity[h]) continue;
    placed[p] = 1;
    load[h]++;
    count++;
    total += candidates.weight[c];
  }
  return { placed: count, total: total / 100 };
}

/**
 * The general-purpose exact solver a user might reach for: the Hungarian method (npm `munkres`) on the
 * participant × host-slot matrix. Ineligible cells cost more than every eligible assignment together, so the
 * optimum places the most participants first, then maximises the score — the same objective as `optimal`.
 */
function hungarian(applicants: number, hosts: number): Outcome {
  const candidates = buildCandidates(cohortOfSize(applicants, hosts), DEFAULT_WEIGHTS);
  const slotHost: number[] = [];
  for (let h = 0; h < candidates.hosts; h++) for (let k = 0; k < candidates.capacity[h]; k++) slotHost.push(h);
  const unplaced = (MAX_SCORE + 1) * (candidates.participants + 1);
  const rows = Array.from({ length: candidates.participants }, (_, p) => {
    const byHost = new Map<number, number>();
    for (let c = candidates.rowStart[p]; c < candidates.rowStart[p + 1]; c++) {
      byHost.set(candidates.candidateHost[c], candidates.weight[c]);
    }
    return Float64Array.from(slotHost, (h) => (byHost.has(h) ? MAX_SCORE + 1 - byHost.get(h)! : unplaced));
  });
  let count = 0;
  let total = 0;
  for (const [p, slot] of munkres(rows)) {
    if (rows[p][slot] === unplaced) continue;
    count++;
    total += MAX_SCORE + 1 - rows[p][slot];
  }
  return { placed: count, total: total / 100 };
}

function engine(algorithm: 'optimal' | 'stable', applicants: number, hosts: number): Outcome {
  const { statistics } = runMatching(cohortOfSize(applicants, hosts), algorithm);
  return { placed: statistics.placed, total: statistics.totalScore };
}

const [solver, applicants, hosts] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
// Generating the cohort is not part of the timing: warm it once, outside.
cohortOfSize(applicants, hosts);
const started = process.hrtime.bigint();
const outcome =
  solver === 'greedy'
    ? greedy(applicants, hosts)
    : solver === 'munkres'
      ? hungarian(applicants, hosts)
      : engine(solver as 'optimal' | 'stable', applicants, hosts);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  JSON.stringify({
    solver,
    applicants,
    hosts,
    seconds: Math.round(seconds * 1000) / 1000,
    peakMB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...outcome,
    total: Math.round(outcome.total * 100) / 100,
  }),
);
