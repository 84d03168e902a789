/**
 * The `when` language of investigation steps: a small, side-effect-free expression language over the
 * investigation's input and its steps' states. Pure (no Node built-ins, no eval): it runs in the workflow sandbox.
 */
import type { Expression, PathSegment } from './ast';

export { formatPath, functionArity, referenceRoots } from './ast';
export type { BinaryOperator, Expression, FunctionName, PathSegment, ReferenceRoot, UnaryOperator } from './ast';
export { ExpressionError } from './errors';
export { evaluateExpression, isTruthy } from './evaluator';
export { parseExpression, parseReferencePath } from './parser';

/** Every reference path an expression reads, in reading order: [['steps', 'collect', 'output', 'items']]. */
export function referencesOf(expression: Expression): PathSegment[][] {
  const paths: PathSegment[][] = [];
  const pending: Expression[] = [expression];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    switch (node.kind) {
      case 'reference':
        paths.push([...node.path]);
        break;
      case 'unary':
        pending.push(node.operand);
        break;
      case 'binary':
        pending.push(node.right, node.left);
        break;
      case 'call':
        pending.push(...[...node.args].reverse());
        break;
      case 'literal':
        break;
    }
  }
  return paths;
}
