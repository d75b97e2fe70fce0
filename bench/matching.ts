import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * `npm run bench:matching`: both algorithms and two peers on realistic cohorts of three sizes, each case in
 * its own process (so peak memory is its own). The exact peer (Hungarian method, npm `munkres`) is run where
 * its dense participant × host-slot matrix is practical; its placed count and total must equal `optimal`'s.
 */
const SIZES: Array<[number, number]> = [
  [500, 100],
  [2_000, 400],
  [10_000, 2_000],
];
/** O(n³) time and an n × slots matrix: 10,000 × ~9,000 would take hours. */
const MUNKRES_UP_TO = 2_000;

interface Row {
  solver: string;
  applicants: number;
  hosts: number;
  seconds: number;
  peakMB: number;
  placed: number;
  total: number;
}

function run(solver: string, applicants: number, hosts: number): Row {
  const output = execFileSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      resolve(__dirname, 'matching-case.ts'),
      solver,
      String(applicants),
      String(hosts),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(output.trim().split('\n').pop()!) as Row;
}

const rows: Row[] = [];
let mismatch = false;
for (const [applicants, hosts] of SIZES) {
  const solvers = ['optimal', 'stable', 'greedy', ...(applicants <= MUNKRES_UP_TO ? ['munkres'] : [])];
  const results = solvers.map((solver) => run(solver, applicants, hosts));
  rows.push(...results);
  const optimal = results.find((row) => row.solver === 'optimal')!;
  const exact = results.find((row) => row.solver === 'munkres');
  if (exact && (exact.placed !== optimal.placed || exact.total !== optimal.total)) mismatch = true;
}

const header = ['size', 'solver', 'seconds', 'peak MB', 'placed', 'total score'];
const lines = rows.map((row) => [
  `${row.applicants}×${row.hosts}`,
  row.solver,
  row.seconds.toFixed(3),
  String(row.peakMB),
  String(row.placed),
  row.total.toFixed(2),
]);
const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
const format = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
console.log(format(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const line of lines) console.log(format(line));
if (mismatch) {
  console.error('munkres and optimal disagree on placed count or total score');
  process.exitCode = 1;
}
