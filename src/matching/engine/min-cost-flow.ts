/**
 * Maximum-cardinality, then maximum-weight b-matching between participants (each placed once at most) and
 * hosts (each up to its capacity), solved exactly as a min-cost max-flow by the primal-dual method: Dijkstra
 * on reduced costs finds the shortest augmenting distance, then a blocking set of shortest augmenting paths is
 * pushed at once. Successive shortest paths give the cheapest flow for each flow value, so the final, maximum
 * flow is the cheapest among maximum ones: most participants placed, then the highest total weight.
 *
 * The graph is held in typed arrays (compressed rows of candidate hosts per participant), so memory grows
 * with the number of eligible pairs, not with participants × hosts.
 */

export interface CandidateGraph {
  participants: number;
  hosts: number;
  /** Host capacity, per host index. */
  capacity: Int32Array;
  /** Candidates of participant p are rowStart[p] … rowStart[p + 1] - 1. */
  rowStart: Int32Array;
  candidateHost: Int32Array;
  /** Integer weight of each candidate pair, 0 … maxWeight. */
  weight: Int32Array;
  maxWeight: number;
}

class MinHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    let index = this.size++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentKey = this.keys[parent];
      // Ties by node index keep the search, and so the answer, deterministic.
      if (parentKey < key || (parentKey === key && this.nodes[parent] <= node)) break;
      this.keys[index] = parentKey;
      this.nodes[index] = this.nodes[parent];
      index = parent;
    }
    this.keys[index] = key;
    this.nodes[index] = node;
  }

  /** Removes the smallest entry; read it from `topKey`/`topNode` first. */
  pop(): void {
    const key = this.keys[--this.size];
    const node = this.nodes[this.size];
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= this.size) break;
      const right = child + 1;
      if (
        right < this.size &&
        (this.keys[right] < this.keys[child] ||
          (this.keys[right] === this.keys[child] && this.nodes[right] < this.nodes[child]))
      ) {
        child = right;
      }
      if (this.keys[child] > key || (this.keys[child] === key && this.nodes[child] >= node)) break;
      this.keys[index] = this.keys[child];
      this.nodes[index] = this.nodes[child];
      index = child;
    }
    this.keys[index] = key;
    this.nodes[index] = node;
  }

  get topKey(): number {
    return this.keys[0];
  }

  get topNode(): number {
    return this.nodes[0];
  }

  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const nodes = new Int32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}

/**
 * Returns, per participant, the index of its chosen candidate (into `candidateHost`), or -1 when unplaced.
 * Node numbering: participants 0 … P-1, hosts P … P+H-1, source P+H, sink P+H+1.
 */
export function maxWeightBMatching(graph: CandidateGraph): Int32Array {
  const { participants: P, hosts: H, capacity, rowStart, candidateHost, weight, maxWeight } = graph;
  const source = P + H;
  const sink = P + H + 1;
  const nodeCount = P + H + 2;

  // Cost of a pair: maxWeight - weight ≥ 0, so minimising cost at a fixed count maximises weight.
  const cost = (candidate: number) => maxWeight - weight[candidate];

  const chosen = new Int32Array(P).fill(-1);
  const load = new Int32Array(H);
  // Participants placed at each host, as a doubly linked list.
  const firstAt = new Int32Array(H).fill(-1);
  const nextAt = new Int32Array(P).fill(-1);
  const previousAt = new Int32Array(P).fill(-1);

  const potential = new Float64Array(nodeCount);
  const distance = new Float64Array(nodeCount);
  const done = new Uint8Array(nodeCount);
  const heap = new MinHeap(Math.max(16, nodeCount));

  const attach = (p: number, candidate: number) => {
    const h = candidateHost[candidate];
    chosen[p] = candidate;
    load[h]++;
    previousAt[p] = -1;
    nextAt[p] = firstAt[h];
    if (firstAt[h] !== -1) previousAt[firstAt[h]] = p;
    firstAt[h] = p;
  };
  const detach = (p: number) => {
    const h = candidateHost[chosen[p]];
    load[h]--;
    if (previousAt[p] !== -1) nextAt[previousAt[p]] = nextAt[p];
    else firstAt[h] = nextAt[p];
    if (nextAt[p] !== -1) previousAt[nextAt[p]] = previousAt[p];
    chosen[p] = -1;
  };

  /** Shortest reduced distances from the source; false when the sink cannot be reached any more. */
  const dijkstra = (): boolean => {
    distance.fill(Infinity);
    done.fill(0);
    heap.clear();
    distance[source] = 0;
    heap.push(0, source);
    while (heap.size > 0) {
      const d = heap.topKey;
      const node = heap.topNode;
      heap.pop();
      if (done[node]) continue;
      done[node] = 1;
      if (node === sink) break;
      const base = d + potential[node];
      if (node === source) {
        for (let p = 0; p < P; p++) {
          if (chosen[p] !== -1) continue;
          const next = base - potential[p];
          if (next < distance[p]) {
            distance[p] = next;
            heap.push(next, p);
          }
        }
      } else if (node < P) {
        const own = chosen[node];
        for (let c = rowStart[node], end = rowStart[node + 1]; c < end; c++) {
          if (c === own) continue;
          const h = P + candidateHost[c];
          if (done[h]) continue;
          const next = base + cost(c) - potential[h];
          if (next < distance[h]) {
            distance[h] = next;
            heap.push(next, h);
          }
        }
      } else {
        const h = node - P;
        for (let p = firstAt[h]; p !== -1; p = nextAt[p]) {
          if (done[p]) continue;
          const next = base - cost(chosen[p]) - potential[p];
          if (next < distance[p]) {
            distance[p] = next;
            heap.push(next, p);
          }
        }
        if (load[h] < capacity[h]) {
          const next = base - potential[sink];
          if (next < distance[sink]) {
            distance[sink] = next;
            heap.push(next, sink);
          }
        }
      }
    }
    if (!done[sink]) return false;
    // Nodes not settled before the sink are at least as far: capping keeps every reduced cost non-negative.
    const reach = distance[sink];
    for (let node = 0; node < nodeCount; node++) potential[node] += Math.min(distance[node], reach);
    return true;
  };

  // Depth-first search over zero-reduced-cost residual arcs, each node at most once per phase.
  const seen = new Int32Array(nodeCount);
  const cursor = new Int32Array(nodeCount);
  const viaCandidate = new Int32Array(P);
  const stack = new Int32Array(nodeCount);
  let phase = 0;

  const augmentFrom = (start: number): boolean => {
    let top = 0;
    stack[top++] = start;
    seen[start] = phase;
    cursor[start] = rowStart[start];
    while (top > 0) {
      const node = stack[top - 1];
      let advanced = false;
      if (node < P) {
        const end = rowStart[node + 1];
        while (cursor[node] < end) {
          const c = cursor[node]++;
          if (c === chosen[node]) continue;
          const h = P + candidateHost[c];
          if (seen[h] === phase) continue;
          if (potential[node] + cost(c) - potential[h] !== 0) continue;
          seen[h] = phase;
          viaCandidate[node] = c;
          cursor[h] = firstAt[h - P];
          stack[top++] = h;
          advanced = true;
          break;
        }
      } else {
        const h = node - P;
        if (load[h] < capacity[h] && potential[node] - potential[sink] === 0) {
          // Reached the sink: shift every participant on the path to the host after it.
          for (let i = top - 2; i >= 0; i -= 2) {
            const p = stack[i];
            if (chosen[p] !== -1) detach(p);
            attach(p, viaCandidate[p]);
          }
          return true;
        }
        while (cursor[node] !== -1) {
          const p = cursor[node];
          cursor[node] = nextAt[p];
          if (seen[p] === phase) continue;
          if (potential[node] - cost(chosen[p]) - potential[p] !== 0) continue;
          seen[p] = phase;
          cursor[p] = rowStart[p];
          stack[top++] = p;
          advanced = true;
          break;
        }
      }
      if (!advanced) top--;
    }
    return false;
  };

  while (dijkstra()) {
    phase++;
    let pushed = false;
    for (let p = 0; p < P; p++) {
      if (chosen[p] !== -1 || seen[p] === phase) continue;
      if (potential[source] - potential[p] !== 0) continue;
      if (augmentFrom(p)) pushed = true;
    }
    // Dijkstra reached the sink, so a shortest path exists; the search must have found at least one.
    if (!pushed) throw new Error('matching: no augmenting path on a reachable sink');
  }
  return chosen;
}
