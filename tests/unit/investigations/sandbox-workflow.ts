/**
 * A workflow that uses every pure investigations module, bundled by tests/unit/workflow-purity.test.ts with Temporal's own workflow
 * bundler: the bundle fails if any of them (or anything they import) needs a Node built-in.
 */
import * as investigations from '../../../src/investigations';

export function investigationsSandboxProbe(definition: unknown): Promise<string[][]> {
  const result = investigations.validateDefinition(definition, { agents: {}, retryPolicies: [], templates: [] });
  return Promise.resolve(result.ok ? investigations.topologicalLayers(result.definition) : []);
}
