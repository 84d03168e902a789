/**
 * The dependency graph of a definition's steps: run order, transitive dependencies and dependents, cycles.
 * Edges point from a step to the steps it depends on. Names in dependsOn that name no step, and a step naming
 * itself, are ignored here (the validator reports them). With at most 100 steps and 100 edges each, every
 * function here is at most O(steps × edges), a few milliseconds in the worst case.
 */

export interface GraphStep {
  name: string;
  dependsOn?: readonly string[];
}
interface GraphDefinition {
  steps: readonly GraphStep[];
}

/** For each step, the steps it depends on directly (known names only, no self-edge, no duplicates). */
function edges(steps: readonly GraphStep[]): Map<string, string[]> {
  const names = new Set(steps.map((step) => step.name));
  const graph = new Map<string, string[]>();
  for (const step of steps) {
    if (graph.has(step.name)) continue;
    const targets = [...new Set(step.dependsOn ?? [])].filter((target) => target !== step.name && names.has(target));
    graph.set(step.name, targets);
  }
  return graph;
}

/** Everything reachable from `start` along the graph (not `start` itself unless on a cycle). */
function reachable(graph: ReadonlyMap<string, readonly string[]>, start: string): Set<string> {
  const seen = new Set<string>();
  const pending: string[] = [];
  const visit = (targets: readonly string[] = []): void => {
    for (const target of targets) {
      if (seen.has(target)) continue;
      seen.add(target);
      pending.push(target);
    }
  };
  visit(graph.get(start));
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) visit(graph.get(name));
  return seen;
}

const inDefinitionOrder = (steps: readonly GraphStep[], names: ReadonlySet<string>): string[] =>
  [...new Set(steps.map((step) => step.name))].filter((name) => names.has(name));

/** Every step `stepName` waits for, directly or through others, in definition order. */
export function dependenciesOf(definition: GraphDefinition, stepName: string): string[] {
  return inDefinitionOrder(definition.steps, reachable(edges(definition.steps), stepName));
}

/** For every step, all the steps it waits for, directly or transitively: one graph for many questions. */
export function transitiveDependencies(definition: GraphDefinition): Map<string, ReadonlySet<string>> {
  const graph = edges(definition.steps);
  return new Map([...graph.keys()].map((name) => [name, reachable(graph, name)]));
}

/**
 * Every step that waits for `stepName`, directly or through others, in definition order: what must run again when
 * an investigation is replayed from that step.
 */
export function dependentsOf(definition: GraphDefinition, stepName: string): string[] {
  const reversed = new Map<string, string[]>();
  for (const [from, targets] of edges(definition.steps)) {
    for (const target of targets) reversed.set(target, [...(reversed.get(target) ?? []), from]);
  }
  return inDefinitionOrder(definition.steps, reachable(reversed, stepName));
}

/**
 * The steps in layers: each layer's steps depend only on steps of earlier layers, so a layer's steps can run in
 * parallel once the previous layers are done. Within a layer, definition order. Throws on a cycle (a validated
 * definition has none).
 */
export function topologicalLayers(definition: GraphDefinition): string[][] {
  const graph = edges(definition.steps);
  const layerOf = new Map<string, number>();
  let remaining = [...graph.keys()];
  while (remaining.length > 0) {
    const ready = remaining.filter((name) => (graph.get(name) ?? []).every((target) => layerOf.has(target)));
    if (ready.length === 0) throw new Error(`dependency cycle among steps: ${remaining.join(', ')}`);
    for (const name of ready) {
      layerOf.set(name, 1 + Math.max(-1, ...(graph.get(name) ?? []).map((target) => layerOf.get(target) ?? 0)));
    }
    remaining = remaining.filter((name) => !layerOf.has(name));
  }
  const layers: string[][] = [];
  for (const [name, layer] of layerOf) (layers[layer] ??= []).push(name);
  return layers.map((layer) => inDefinitionOrder(definition.steps, new Set(layer)));
}

/**
 * One cycle per group of steps that wait for each other (strongly connected component), each written from its
 * first step in definition order back to it: ['collect', 'analyse', 'collect'] means collect depends on analyse,
 * which depends on collect. One cycle per group keeps the report short when a hostile definition has thousands.
 */
export function findCycles(definition: GraphDefinition): string[][] {
  const graph = edges(definition.steps);
  const reach = transitiveDependencies(definition);
  const cycles: string[][] = [];
  const covered = new Set<string>();
  for (const name of graph.keys()) {
    if (covered.has(name) || !reach.get(name)?.has(name)) continue;
    const group = new Set([...(reach.get(name) ?? [])].filter((other) => reach.get(other)?.has(name)));
    for (const member of group) covered.add(member);
    cycles.push(shortestCycle(graph, name, group));
  }
  return cycles;
}

/** Breadth-first from `start` inside its group back to `start`. */
function shortestCycle(graph: ReadonlyMap<string, readonly string[]>, start: string, group: ReadonlySet<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const name = queue[head] ?? start;
    for (const target of graph.get(name) ?? []) {
      if (target === start) {
        const path = [start];
        for (let at: string | undefined = name; at !== undefined && at !== start; at = previous.get(at)) {
          path.splice(1, 0, at);
        }
        return [...path, start];
      }
      if (group.has(target) && !previous.has(target)) {
        previous.set(target, name);
        queue.push(target);
      }
    }
  }
  return [start, start];
}
