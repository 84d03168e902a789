/**
 * Investigations: multi-step plans run by the interpreter workflow. Everything exported here is pure (zod and
 * project modules only), so the workflow sandbox, the HTTP layer and the tests can all import it. The YAML loader
 * (template-files.ts) reads files and is deliberately not exported from here.
 */
export * from './catalog';
export * from './definition-schema';
export * from './expression';
export { isPlainObject, lookupPath, type PathLookup } from './path-lookup';
export { limits, forbiddenPropertyNames } from './limits';
export { capProblems, zodProblems, type DefinitionProblem } from './problems';
export { findReferences, resolveReferences, ReferenceResolutionError, type Reference } from './references';
export * from './scope';
export { dependenciesOf, dependentsOf, findCycles, topologicalLayers, transitiveDependencies } from './step-graph';
export { validateDefinition, type DefinitionValidation } from './validate-definition';
