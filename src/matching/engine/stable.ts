import type { Candidates } from './candidates';

/**
 * Participant-proposing deferred acceptance with host capacities (Gale-Shapley). Participants rank the hosts
 * they listed, in their order, then every other candidate by score; hosts rank participants by how the host
 * side sees the pair (the score without the participant's preference). Ties go to the lower id.
 * Returns, per participant, the chosen candidate index or -1.
 */
export function stableMatching(candidates: Candidates): Int32Array {
  const { participants: P, hosts: H, rowStart, candidateHost, hostView, capacity } = candidates;
  const chosen = new Int32Array(P).fill(-1);
  const next = nextChoices(candidates);

  // The participants each host holds.
  const held: number[][] = Array.from({ length: H }, () => []);
  const hostPrefers = (a: number, b: number) =>
    hostView[chosen[a]] > hostView[chosen[b]] || (hostView[chosen[a]] === hostView[chosen[b]] && a < b);

  const free: number[] = [];
  for (let p = P - 1; p >= 0; p--) if (rowStart[p + 1] > rowStart[p]) free.push(p);
  while (free.length) {
    const p = free.pop()!;
    const c = next(p);
    if (c === -1) continue;
    const h = candidateHost[c];
    const holding = held[h];
    chosen[p] = c;
    if (holding.length < capacity[h]) {
      holding.push(p);
      continue;
    }
    // Full: the host keeps the better of its least wanted and the newcomer.
    let worst = 0;
    for (let i = 1; i < holding.length; i++) if (hostPrefers(holding[worst], holding[i])) worst = i;
    const current = holding[worst];
    if (hostPrefers(p, current)) {
      holding[worst] = p;
      chosen[current] = -1;
      free.push(current);
    } else {
      chosen[p] = -1;
      free.push(p);
    }
  }
  return chosen;
}

/**
 * Each participant's candidates in preference order, one at a time: listed hosts by rank first, then the rest
 * by score, one score level at a time. Most participants are placed within their first few choices, so the
 * full order is never sorted.
 */
function nextChoices(candidates: Candidates): (p: number) => number {
  const { participants: P, rowStart, weight, rank } = candidates;
  // Listed candidates of each participant in rank order, found in one pass over the row when first needed.
  const listed: Array<number[] | undefined> = new Array(P);
  const listedPosition = new Int8Array(P);
  const ceiling = new Int32Array(P).fill(candidates.maxWeight + 1);
  const level: Array<Int32Array | undefined> = new Array(P);
  const levelPosition = new Int32Array(P);

  return (p: number): number => {
    const start = rowStart[p];
    const end = rowStart[p + 1];
    let own = listed[p];
    if (!own) {
      own = [];
      for (let c = start; c < end; c++) if (rank[c] > 0) own.push(c);
      own.sort((a, b) => rank[a] - rank[b]);
      listed[p] = own;
    }
    if (listedPosition[p] < own.length) return own[listedPosition[p]++];
    let current = level[p];
    if (!current || levelPosition[p] === current.length) {
      // The next lower score among the unlisted candidates, and every candidate at it, in host order.
      let best = -1;
      let count = 0;
      for (let c = start; c < end; c++) {
        if (rank[c] !== 0 || weight[c] >= ceiling[p]) continue;
        if (weight[c] > best) {
          best = weight[c];
          count = 1;
        } else if (weight[c] === best) count++;
      }
      if (best === -1) return -1;
      current = new Int32Array(count);
      count = 0;
      for (let c = start; c < end; c++) if (rank[c] === 0 && weight[c] === best) current[count++] = c;
      level[p] = current;
      levelPosition[p] = 0;
      ceiling[p] = best;
    }
    return current[levelPosition[p]++];
  };
}
