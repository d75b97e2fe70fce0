import type { Candidates } from './candidates';

/**
 * Participant-proposing deferred acceptance with host capacities (Gale-Shapley). Participants rank the hosts
 * they listed, in their order, then every other candidate by score; hosts rank participants by how the host
 * side sees the pair (the score without the participant's preference). Ties go to the lower id.
 * Returns, per participant, the chosen candidate index or -1.
 */
/** Candidates per participant stay below this (hosts are far fewer). */
const ROW_LIMIT = 1 << 20;

export function stableMatching(candidates: Candidates): Int32Array {
  const { participants: P, hosts: H, rowStart, candidateHost, weight, hostView, rank, capacity } = candidates;
  const chosen = new Int32Array(P).fill(-1);

  // A participant's list as candidate indices, sorted only when first needed: most never go past the top.
  const order: Array<Int32Array | undefined> = new Array(P);
  const nextChoice = new Int32Array(P);
  const ranked = (p: number): Int32Array => {
    let list = order[p];
    if (!list) {
      const start = rowStart[p];
      const count = rowStart[p + 1] - start;
      // One sortable key per candidate: listed rank first, then higher score, then position in the row (rows
      // are in host id order, so equal scores go to the lower host id).
      const keys = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const c = start + i;
        const listed = rank[c] > 0 ? rank[c] : 99;
        keys[i] = (listed * 20_000 + (10_000 - weight[c])) * ROW_LIMIT + i;
      }
      keys.sort();
      list = new Int32Array(count);
      for (let i = 0; i < count; i++) list[i] = start + (keys[i] % ROW_LIMIT);
      order[p] = list;
    }
    return list;
  };

  // The participants each host holds, as candidate indices.
  const held: number[][] = Array.from({ length: H }, () => []);
  const hostPrefers = (a: number, b: number, pa: number, pb: number) =>
    hostView[a] > hostView[b] || (hostView[a] === hostView[b] && pa < pb);
  const participantOf = new Int32Array(candidateHost.length);
  for (let p = 0; p < P; p++) for (let c = rowStart[p]; c < rowStart[p + 1]; c++) participantOf[c] = p;

  const free: number[] = [];
  for (let p = P - 1; p >= 0; p--) if (rowStart[p + 1] > rowStart[p]) free.push(p);
  while (free.length) {
    const p = free.pop()!;
    const list = ranked(p);
    if (nextChoice[p] >= list.length) continue;
    const c = list[nextChoice[p]++];
    const h = candidateHost[c];
    const holding = held[h];
    if (holding.length < capacity[h]) {
      holding.push(c);
      chosen[p] = c;
      continue;
    }
    // Full: the host keeps the better of its least wanted and the newcomer.
    let worst = 0;
    for (let i = 1; i < holding.length; i++) {
      if (hostPrefers(holding[worst], holding[i], participantOf[holding[worst]], participantOf[holding[i]])) worst = i;
    }
    const current = holding[worst];
    if (hostPrefers(c, current, p, participantOf[current])) {
      holding[worst] = c;
      chosen[p] = c;
      const rejected = participantOf[current];
      chosen[rejected] = -1;
      free.push(rejected);
    } else {
      free.push(p);
    }
  }
  return chosen;
}
