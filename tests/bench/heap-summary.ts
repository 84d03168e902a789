/**
 * `node --import tsx tests/bench/heap-summary.ts A.heapsnapshot [B.heapsnapshot] [--top 25] [--paths 3]
 * [--instances ReusableVMWorkflow]`: what a V8 heap snapshot holds (tests/bench/thread-snapshots.ts writes them for
 * the workflow thread), without DevTools:
 * - one file: the top object groups (constructor, closure or type name) by count, self size and retained size, and
 *   the objects that retain most, each with its shortest path from the GC roots;
 * - `--instances <constructor>`: the retained sizes of its objects, and what the largest and smallest tenth hold;
 * - two files of the same thread, A then B: the groups that grew or shrank, and what A held that B no longer does
 *   (objects whose ids are gone): the freed memory by the object that retained it in A (its dominator, still alive
 *   or not) and by what was freed, with paths in A from the GC roots to the largest freed subtrees.
 * Retained size is the size of an object's dominator subtree (weak edges ignored), as DevTools computes it. A
 * group's retained size counts an object only when its dominator is not of the same group (an approximation).
 * The parser reads the JSON by hand into typed arrays: a snapshot of a few hundred MB is more than V8's longest string.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  file: string;
  nodeFields: number;
  typeIndex: number;
  nameIndex: number;
  idIndex: number;
  selfSizeIndex: number;
  edgeCountIndex: number;
  nodeTypes: string[];
  edgeFields: number;
  edgeTypeIndex: number;
  edgeNameIndex: number;
  edgeToIndex: number;
  edgeTypes: string[];
  nodes: Float64Array;
  edges: Uint32Array;
  strings: string[];
  nodeCount: number;
  /** Index in `edges` of each node's first edge (nodeCount + 1 entries). */
  firstEdge: Uint32Array;
}

interface Graph {
  /** Immediate dominator of each node (node ordinal); -1 when unreachable. */
  dominator: Int32Array;
  retained: Float64Array;
  /** The edge (index in `edges`) by which BFS from the root first reached the node; -1 for the root or unreachable. */
  parentEdge: Int32Array;
  parentNode: Int32Array;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  args.splice(at, 2);
  return value;
};
const top = option('top', 25);
const pathCount = option('paths', 3);
const instancesAt = args.indexOf('--instances');
/** A constructor name whose objects' retained sizes are listed, with what the largest of them retains. */
const instancesOf = instancesAt >= 0 ? args.splice(instancesAt, 2)[1] : undefined;

function expectByte(buffer: Buffer, key: string, from: number): number {
  const at = buffer.indexOf(`"${key}":`, from, 'latin1');
  if (at < 0) throw new Error(`no "${key}" in the snapshot`);
  let i = at + key.length + 3;
  while (buffer[i] !== 0x5b /* [ */) i += 1;
  return i + 1;
}

function parseNumbers(buffer: Buffer, start: number): { values: number[] | Float64Array; end: number } {
  let count = 0;
  let inNumber = false;
  let i = start;
  for (; buffer[i] !== 0x5d /* ] */; i += 1) {
    const c = buffer[i]!;
    const digit = c >= 0x30 && c <= 0x39;
    if (digit && !inNumber) count += 1;
    inNumber = digit;
  }
  const end = i;
  const values = new Float64Array(count);
  let n = -1;
  let value = 0;
  inNumber = false;
  for (i = start; i < end; i += 1) {
    const c = buffer[i]!;
    if (c >= 0x30 && c <= 0x39) {
      value = inNumber ? value * 10 + (c - 0x30) : c - 0x30;
      if (!inNumber) n += 1;
      inNumber = true;
      values[n] = value;
    } else inNumber = false;
  }
  return { values, end };
}

function parseStrings(buffer: Buffer, start: number): string[] {
  const strings: string[] = [];
  let i = start;
  for (;;) {
    while (buffer[i] !== 0x22 /* " */ && buffer[i] !== 0x5d) i += 1;
    if (buffer[i] === 0x5d) return strings;
    let j = i + 1;
    while (buffer[j] !== 0x22) j += buffer[j] === 0x5c /* \ */ ? 2 : 1;
    strings.push(JSON.parse(buffer.toString('utf8', i, j + 1)) as string);
    i = j + 1;
  }
}

function load(file: string): Snapshot {
  const buffer = readFileSync(file);
  const nodesAt = expectByte(buffer, 'nodes', 0);
  const header = buffer
    .toString('utf8', 0, buffer.lastIndexOf('"nodes":', nodesAt, 'latin1'))
    .trim()
    .replace(/,$/, '');
  const meta = (JSON.parse(`${header}}`) as { snapshot: { meta: Record<string, unknown> } }).snapshot.meta as {
    node_fields: string[];
    node_types: [string[]];
    edge_fields: string[];
    edge_types: [string[]];
  };
  const nodesParsed = parseNumbers(buffer, nodesAt);
  const edgesAt = expectByte(buffer, 'edges', nodesParsed.end);
  const edgesParsed = parseNumbers(buffer, edgesAt);
  const strings = parseStrings(buffer, expectByte(buffer, 'strings', edgesParsed.end));
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const nodes = nodesParsed.values as Float64Array;
  const edges = Uint32Array.from(edgesParsed.values);
  const nodeCount = nodes.length / nodeFields;
  const edgeCountIndex = meta.node_fields.indexOf('edge_count');
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let n = 0, e = 0; n < nodeCount; n += 1) {
    firstEdge[n] = e;
    e += nodes[n * nodeFields + edgeCountIndex]! * edgeFields;
    firstEdge[n + 1] = e;
  }
  return {
    file,
    nodeFields,
    typeIndex: meta.node_fields.indexOf('type'),
    nameIndex: meta.node_fields.indexOf('name'),
    idIndex: meta.node_fields.indexOf('id'),
    selfSizeIndex: meta.node_fields.indexOf('self_size'),
    edgeCountIndex,
    nodeTypes: meta.node_types[0],
    edgeFields,
    edgeTypeIndex: meta.edge_fields.indexOf('type'),
    edgeNameIndex: meta.edge_fields.indexOf('name_or_index'),
    edgeToIndex: meta.edge_fields.indexOf('to_node'),
    edgeTypes: meta.edge_types[0],
    nodes,
    edges,
    strings,
    nodeCount,
    firstEdge,
  };
}

const nodeType = (s: Snapshot, n: number): string => s.nodeTypes[s.nodes[n * s.nodeFields + s.typeIndex]!]!;
const nodeName = (s: Snapshot, n: number): string => s.strings[s.nodes[n * s.nodeFields + s.nameIndex]!]!;
const nodeId = (s: Snapshot, n: number): number => s.nodes[n * s.nodeFields + s.idIndex]!;
const selfSize = (s: Snapshot, n: number): number => s.nodes[n * s.nodeFields + s.selfSizeIndex]!;
const edgeTarget = (s: Snapshot, e: number): number => s.edges[e + s.edgeToIndex]! / s.nodeFields;
const edgeType = (s: Snapshot, e: number): string => s.edgeTypes[s.edges[e + s.edgeTypeIndex]!]!;
const edgeName = (s: Snapshot, e: number): string => {
  const type = edgeType(s, e);
  const value = s.edges[e + s.edgeNameIndex]!;
  return type === 'element' || type === 'hidden' ? `[${value}]` : s.strings[value]!;
};

const short = (text: string, length: number): string => {
  const line = text.replace(/\s+/g, ' ');
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
};

/** The group an object is counted in: its constructor or closure name, or its type for strings, code, numbers. */
function groupOf(s: Snapshot, n: number): string {
  const type = nodeType(s, n);
  switch (type) {
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'number':
    case 'heap number':
      return '(number)';
    case 'code':
      return `(code) ${short(nodeName(s, n), 40)}`;
    case 'object':
    case 'native':
    case 'hidden':
    case 'array':
      return `${type === 'object' ? '' : `(${type}) `}${short(nodeName(s, n), 60)}`;
    case 'closure':
      return `(closure) ${short(nodeName(s, n), 60) || '(anonymous)'}`;
    default:
      return `(${type})`;
  }
}

function describe(s: Snapshot, n: number): string {
  const type = nodeType(s, n);
  const name = type.includes('string') ? JSON.stringify(short(nodeName(s, n), 40)) : short(nodeName(s, n), 60);
  return `${type} ${name} @${nodeId(s, n)}`;
}

/** Dominators (Cooper, Harvey and Kennedy, on a post-order from the root), retained sizes and BFS paths. */
function analyse(s: Snapshot): Graph {
  const { nodeCount, firstEdge, edgeFields } = s;
  const weak = s.edgeTypes.indexOf('weak');
  const strong = (e: number): boolean => s.edges[e + s.edgeTypeIndex] !== weak;
  // Post-order by an iterative DFS.
  const order = new Int32Array(nodeCount).fill(-1);
  const postorder = new Int32Array(nodeCount);
  const visited = new Uint8Array(nodeCount);
  const stackNode = new Int32Array(nodeCount);
  const stackEdge = new Uint32Array(nodeCount);
  let depth = 0;
  let count = 0;
  stackNode[0] = 0;
  stackEdge[0] = firstEdge[0]!;
  visited[0] = 1;
  while (depth >= 0) {
    const n = stackNode[depth]!;
    const e = stackEdge[depth]!;
    if (e < firstEdge[n + 1]!) {
      stackEdge[depth] = e + edgeFields;
      if (!strong(e)) continue;
      const to = edgeTarget(s, e);
      if (visited[to]) continue;
      visited[to] = 1;
      depth += 1;
      stackNode[depth] = to;
      stackEdge[depth] = firstEdge[to]!;
    } else {
      order[n] = count;
      postorder[count] = n;
      count += 1;
      depth -= 1;
    }
  }
  // Retainers of each reachable node, by strong edges from reachable nodes.
  const retainerCount = new Uint32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n += 1) {
    if (order[n]! < 0) continue;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += edgeFields) {
      if (!strong(e)) continue;
      const to = edgeTarget(s, e);
      retainerCount[to] = retainerCount[to]! + 1;
    }
  }
  const firstRetainer = new Uint32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n += 1) firstRetainer[n + 1] = firstRetainer[n]! + retainerCount[n]!;
  const retainers = new Int32Array(firstRetainer[nodeCount]!);
  const filled = new Uint32Array(nodeCount);
  for (let n = 0; n < nodeCount; n += 1) {
    if (order[n]! < 0) continue;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += edgeFields) {
      if (!strong(e)) continue;
      const to = edgeTarget(s, e);
      retainers[firstRetainer[to]! + filled[to]!] = n;
      filled[to] = filled[to]! + 1;
    }
  }
  // Immediate dominators, by post-order number.
  const root = count - 1;
  const idom = new Int32Array(count).fill(-1);
  idom[root] = root;
  for (let changed = true; changed;) {
    changed = false;
    for (let p = root - 1; p >= 0; p -= 1) {
      const n = postorder[p]!;
      let next = -1;
      for (let r = firstRetainer[n]!; r < firstRetainer[n + 1]!; r += 1) {
        let other = order[retainers[r]!]!;
        if (idom[other] === -1) continue;
        if (next === -1) {
          next = other;
          continue;
        }
        let finger = next;
        while (finger !== other) {
          while (finger < other) finger = idom[finger]!;
          while (other < finger) other = idom[other]!;
        }
        next = finger;
      }
      if (next !== -1 && idom[p] !== next) {
        idom[p] = next;
        changed = true;
      }
    }
  }
  const dominator = new Int32Array(nodeCount).fill(-1);
  const retained = new Float64Array(nodeCount);
  for (let n = 0; n < nodeCount; n += 1) retained[n] = selfSize(s, n);
  for (let p = 0; p < root; p += 1) {
    const n = postorder[p]!;
    const d = postorder[idom[p]!]!;
    dominator[n] = d;
    retained[d] = retained[d]! + retained[n]!;
  }
  // Shortest paths from the root (BFS).
  const parentEdge = new Int32Array(nodeCount).fill(-1);
  const parentNode = new Int32Array(nodeCount).fill(-1);
  const queue = new Int32Array(nodeCount);
  const seen = new Uint8Array(nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  while (head < tail) {
    const n = queue[head++]!;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += edgeFields) {
      if (!strong(e)) continue;
      const to = edgeTarget(s, e);
      if (seen[to]) continue;
      seen[to] = 1;
      parentEdge[to] = e;
      parentNode[to] = n;
      queue[tail++] = to;
    }
  }
  return { dominator, retained, parentEdge, parentNode };
}

function pathTo(s: Snapshot, g: Graph, n: number): string {
  const steps: string[] = [];
  for (let at = n; g.parentNode[at]! >= 0 && steps.length < 40; at = g.parentNode[at]!) {
    const parent = g.parentNode[at]!;
    steps.push(`${describe(s, parent)} --${edgeType(s, g.parentEdge[at]!)}:${short(edgeName(s, g.parentEdge[at]!), 40)}-->`);
  }
  return `${steps.reverse().join('\n      ')}\n      ${describe(s, n)}`;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
const mbs = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

interface Group {
  count: number;
  self: number;
  retained: number;
  sample: number;
}

function groups(s: Snapshot, g: Graph, include?: (n: number) => boolean): Map<string, Group> {
  const byGroup = new Map<string, Group>();
  const keys: string[] = new Array<string>(s.nodeCount);
  for (let n = 0; n < s.nodeCount; n += 1) keys[n] = groupOf(s, n);
  for (let n = 0; n < s.nodeCount; n += 1) {
    if (include && !include(n)) continue;
    const key = keys[n]!;
    let group = byGroup.get(key);
    if (!group) {
      group = { count: 0, self: 0, retained: 0, sample: n };
      byGroup.set(key, group);
    }
    group.count += 1;
    group.self += selfSize(s, n);
    const d = g.dominator[n]!;
    if (d >= 0 && keys[d] !== key) group.retained += g.retained[n]!;
    if (g.retained[n]! > g.retained[group.sample]!) group.sample = n;
  }
  return byGroup;
}

function printGroups(title: string, byGroup: Map<string, Group>, by: keyof Group): void {
  process.stdout.write(`\n${title}\n`);
  const rows = [...byGroup].sort((a, b) => b[1][by] - a[1][by]).slice(0, top);
  for (const [key, group] of rows) {
    process.stdout.write(
      `  ${String(group.count).padStart(9)}  self ${mbs(group.self).padStart(9)}  retained ${mbs(group.retained).padStart(9)}  ${key}\n`,
    );
  }
}

function summarize(s: Snapshot, g: Graph): void {
  let total = 0;
  for (let n = 0; n < s.nodeCount; n += 1) total += selfSize(s, n);
  process.stdout.write(`${s.file}: ${s.nodeCount} objects, ${mbs(total)} self, ${mbs(g.retained[0]!)} reachable from the root\n`);
  const byGroup = groups(s, g);
  printGroups('by self size:', byGroup, 'self');
  printGroups('by retained size (objects not dominated by their own group):', byGroup, 'retained');
  printGroups('by count:', byGroup, 'count');
  // The objects that retain most, below the synthetic roots.
  const candidates: number[] = [];
  for (let n = 0; n < s.nodeCount; n += 1) if (nodeType(s, n) !== 'synthetic' && g.retained[n]! > 1 << 20) candidates.push(n);
  candidates.sort((a, b) => g.retained[b]! - g.retained[a]!);
  process.stdout.write('\nlargest retainers (retained size; shortest path from the root):\n');
  for (const n of candidates.slice(0, Math.max(pathCount * 4, 10))) {
    process.stdout.write(`  ${mbs(g.retained[n]!).padStart(9)}  ${describe(s, n)}\n      ${pathTo(s, g, n)}\n`);
  }
}

/** The retained sizes of every object of one constructor, and what the largest ones dominate. */
function instances(s: Snapshot, g: Graph, name: string): void {
  const found: number[] = [];
  for (let n = 0; n < s.nodeCount; n += 1) if (nodeType(s, n) === 'object' && nodeName(s, n) === name) found.push(n);
  found.sort((x, y) => g.retained[x]! - g.retained[y]!);
  if (found.length === 0) {
    process.stdout.write(`\nno ${name} objects\n`);
    return;
  }
  const at = (fraction: number): string => kb(g.retained[found[Math.min(found.length - 1, Math.floor(found.length * fraction))]!]!);
  let total = 0;
  for (const n of found) total += g.retained[n]!;
  process.stdout.write(
    `\n${found.length} ${name} objects, retained ${mbs(total)} in all; each min ${at(0)}, p50 ${at(0.5)}, p90 ${at(0.9)}, ` +
      `max ${at(1)}\n`,
  );
  // Each object's dominated children, by the group they are in, summed over the largest tenth of the objects and
  // over the smallest tenth: what makes the large ones large.
  const children = new Map<number, number[]>();
  for (let n = 0; n < s.nodeCount; n += 1) {
    const d = g.dominator[n]!;
    if (d < 0) continue;
    const list = children.get(d);
    if (list) list.push(n);
    else children.set(d, [n]);
  }
  const byGroup = (nodes: readonly number[]): Map<string, number> => {
    const sums = new Map<string, number>();
    const walk = (n: number, depth: number): void => {
      for (const child of children.get(n) ?? []) {
        const key = `${'  '.repeat(depth)}${groupOf(s, child)}`;
        sums.set(key, (sums.get(key) ?? 0) + g.retained[child]!);
        if (depth < 2 && g.retained[child]! > 64 * 1024) walk(child, depth + 1);
      }
    };
    for (const n of nodes) walk(n, 0);
    return sums;
  };
  const tenth = Math.max(1, Math.floor(found.length / 10));
  for (const [label, nodes] of [
    ['largest', found.slice(-tenth)],
    ['smallest', found.slice(0, tenth)],
  ] as const) {
    process.stdout.write(`  the ${label} ${nodes.length}: what they dominate (retained, summed; two levels down):\n`);
    const sums = [...byGroup(nodes)].sort((x, y) => y[1] - x[1]).slice(0, top);
    for (const [key, bytes] of sums) process.stdout.write(`    ${kb(bytes / nodes.length).padStart(10)} each  ${key}\n`);
  }
  process.stdout.write(`  the largest: ${describe(s, found.at(-1)!)}\n      ${pathTo(s, g, found.at(-1)!)}\n`);
}

function compare(a: Snapshot, ga: Graph, b: Snapshot, gb: Graph): void {
  const groupsA = groups(a, ga);
  const groupsB = groups(b, gb);
  const keys = new Set([...groupsA.keys(), ...groupsB.keys()]);
  const rows = [...keys].map((key) => {
    const before = groupsA.get(key);
    const after = groupsB.get(key);
    return { key, count: (after?.count ?? 0) - (before?.count ?? 0), self: (after?.self ?? 0) - (before?.self ?? 0), before, after };
  });
  process.stdout.write(`\n${a.file} -> ${b.file}: groups by change of self size (B - A)\n`);
  const line = (row: (typeof rows)[number]): string =>
    `  ${String(row.count).padStart(9)}  ${mbs(row.self).padStart(9)}  (A ${row.before?.count ?? 0} / ${mbs(row.before?.self ?? 0)}, ` +
    `B ${row.after?.count ?? 0} / ${mbs(row.after?.self ?? 0)})  ${row.key}\n`;
  process.stdout.write(' shrank most:\n');
  for (const row of [...rows].sort((x, y) => x.self - y.self).slice(0, top)) process.stdout.write(line(row));
  process.stdout.write(' grew most:\n');
  for (const row of [...rows].sort((x, y) => y.self - x.self).slice(0, top)) process.stdout.write(line(row));

  // What A held that B does not: objects whose ids are gone.
  const idsB = new Float64Array(b.nodeCount);
  for (let n = 0; n < b.nodeCount; n += 1) idsB[n] = nodeId(b, n);
  idsB.sort();
  const inB = (id: number): boolean => {
    let low = 0;
    let high = idsB.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (idsB[mid] === id) return true;
      if (idsB[mid]! < id) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  };
  const freed = new Uint8Array(a.nodeCount);
  let freedSelf = 0;
  for (let n = 0; n < a.nodeCount; n += 1) {
    // Node's embedder objects (native) and V8's synthetic roots get new ids in each snapshot: not compared.
    const type = nodeType(a, n);
    if (ga.dominator[n]! < 0 || type === 'native' || type === 'synthetic' || inB(nodeId(a, n))) continue;
    freed[n] = 1;
    freedSelf += selfSize(a, n);
  }
  process.stdout.write(`\nin A and gone in B: ${mbs(freedSelf)} self (reachable objects of A only)\n`);
  printGroups(
    'freed, by self size:',
    groups(a, ga, (n) => freed[n] === 1),
    'self',
  );
  // The freed subtrees' tops (a freed object whose dominator is not freed): what held them in A.
  const tops = new Map<string, { count: number; retained: number; sample: number }>();
  const topNodes: number[] = [];
  for (let n = 0; n < a.nodeCount; n += 1) {
    if (!freed[n]) continue;
    const d = ga.dominator[n]!;
    if (freed[d]) continue;
    topNodes.push(n);
    const key = `${groupOf(a, d)}${inB(nodeId(a, d)) ? '' : ' (gone too)'}  ->  ${groupOf(a, n)}`;
    const entry = tops.get(key) ?? { count: 0, retained: 0, sample: n };
    entry.count += 1;
    entry.retained += ga.retained[n]!;
    if (ga.retained[n]! > ga.retained[entry.sample]!) entry.sample = n;
    tops.set(key, entry);
  }
  process.stdout.write('\nfreed subtrees by (their dominator in A -> the freed top object), retained in A:\n');
  for (const [key, entry] of [...tops].sort((x, y) => y[1].retained - x[1].retained).slice(0, top)) {
    process.stdout.write(`  ${String(entry.count).padStart(7)}  ${mbs(entry.retained).padStart(9)}  ${key}\n`);
  }
  // Sums by the dominator object itself (the same map holding many entries).
  const byDominator = new Map<number, number>();
  for (const n of topNodes) byDominator.set(ga.dominator[n]!, (byDominator.get(ga.dominator[n]!) ?? 0) + ga.retained[n]!);
  process.stdout.write('\nthe objects of A whose dominated objects were freed most, with their path from the root in A:\n');
  for (const [d, bytes] of [...byDominator].sort((x, y) => y[1] - x[1]).slice(0, Math.max(pathCount * 3, 8))) {
    process.stdout.write(`  ${mbs(bytes).padStart(9)} freed under ${describe(a, d)}${inB(nodeId(a, d)) ? '' : ' (gone in B)'}\n`);
    process.stdout.write(`      ${pathTo(a, ga, d)}\n`);
  }
  process.stdout.write('\nlargest freed subtrees, with their path from the root in A:\n');
  topNodes.sort((x, y) => ga.retained[y]! - ga.retained[x]!);
  for (const n of topNodes.slice(0, pathCount * 3)) {
    process.stdout.write(`  ${kb(ga.retained[n]!).padStart(9)}  ${describe(a, n)}\n      ${pathTo(a, ga, n)}\n`);
  }
}

function main(): void {
  const [fileA, fileB] = args;
  if (!fileA) throw new Error('usage: heap-summary.ts A.heapsnapshot [B.heapsnapshot] [--top 25] [--paths 3]');
  const a = load(fileA);
  const ga = analyse(a);
  summarize(a, ga);
  if (instancesOf) instances(a, ga, instancesOf);
  if (!fileB) return;
  const b = load(fileB);
  const gb = analyse(b);
  process.stdout.write('\n');
  summarize(b, gb);
  if (instancesOf) instances(b, gb, instancesOf);
  compare(a, ga, b, gb);
}

main();
