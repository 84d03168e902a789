/**
 * Bounds of investigation definitions and expressions. Definitions arrive from investigators over HTTP and from
 * YAML files, so every size is bounded: a hostile definition is rejected after a bounded amount of work, and the
 * interpreter workflow never holds more than these in its history.
 */
export const limits = {
  /** Steps in one definition. */
  maxSteps: 100,
  /** Entries of one step's dependsOn (a step can depend on at most all the others). */
  maxDependencies: 100,
  /** Nesting depth of a step's input (a scalar at the top is depth 0). */
  maxInputDepth: 20,
  /** Values (objects, arrays, scalars) in one step's input. */
  maxInputNodes: 10_000,
  /** Characters of one string in a step's input. */
  maxInputStringLength: 4_096,
  /** Characters of one object key in a step's input. */
  maxInputKeyLength: 200,
  /** Characters of a description. */
  maxDescriptionLength: 2_000,
  /** Characters of a `when` expression or of the text inside one `${...}` reference. */
  maxExpressionLength: 1_000,
  /** Tokens of one expression. */
  maxExpressionTokens: 500,
  /** Nesting depth of one expression: parentheses, `!`, `-` and function calls each add a level. */
  maxExpressionDepth: 32,
  /** References (`${...}`) in one step's input, when and compensation together. */
  maxReferencesPerStep: 1_000,
  /** Properties declared by a definition's inputSchema. */
  maxInputProperties: 100,
  /** Problems a validation reports before it summarises the rest in one line. */
  maxProblems: 200,
} as const;

/**
 * Property names that reach an object's prototype machinery. They are rejected wherever a name is read from a
 * definition (references, expressions, step names), so that no path can climb from data into Object.prototype.
 */
export const forbiddenPropertyNames: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);
