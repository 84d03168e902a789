/**
 * The failure-type registry must name every type the code throws, and the code must name types through it: a
 * string literal is a typo waiting to slip past the retry policies' `nonRetryableErrorTypes`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { FailureType, failureTypes, nonRetryableFailureTypes } from '../../../src/errors/failure-types';

const root = path.resolve(__dirname, '../../..');
const scannedDirs = ['src', 'workflows', 'activities', 'workers'];
const registryFile = path.join('src', 'errors', 'failure-types.ts');
const registered = new Set(Object.keys(failureTypes));

interface Finding {
  where: string;
  problem: string;
}

interface Scan {
  findings: Finding[];
  /** Registered types thrown somewhere (FailureType.X at a throw site). */
  thrown: Set<string>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

const isStringLiteral = (node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);

/** `FailureType.X` -> X */
function registryMember(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'FailureType') {
    return node.name.text;
  }
  return undefined;
}

/** Finds the throw sites of ApplicationFailures and retry policies in one file's source, and checks their types. */
function scanSource(file: string, text: string, scan: Scan = { findings: [], thrown: new Set() }): Scan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const where = (node: ts.Node): string => `${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const report = (node: ts.Node, problem: string): void => {
    scan.findings.push({ where: where(node), problem });
  };

  /** A failure's type: registry constants only (a failure's own type may pass through), never a literal. */
  const checkType = (expression: ts.Expression | undefined, at: ts.Node, what: string, thrown: boolean): void => {
    if (!expression) {
      report(at, `${what} has no type`);
      return;
    }
    let constants = 0;
    const visit = (node: ts.Node): void => {
      if (isStringLiteral(node) || ts.isTemplateExpression(node))
        report(node, `${what} names a type by string literal: ${node.getText(source)}`);
      const member = registryMember(node);
      if (member !== undefined) {
        constants += 1;
        if (!registered.has(member)) report(node, `${what} uses FailureType.${member}, which the registry does not name`);
        else if (thrown) scan.thrown.add(member);
      }
      ts.forEachChild(node, visit);
    };
    visit(expression);
    if (constants === 0 && !isStringLiteral(expression))
      report(expression, `${what} takes its type from neither the registry nor a literal`);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression.getText(source);
      const args = node.arguments ?? ts.factory.createNodeArray();
      if (callee === 'ApplicationFailure.create') {
        const options = args[0];
        if (!options || !ts.isObjectLiteralExpression(options)) report(node, 'ApplicationFailure.create without an object literal');
        else {
          const type = options.properties.find(
            (property): property is ts.PropertyAssignment => ts.isPropertyAssignment(property) && property.name.getText(source) === 'type',
          );
          checkType(type?.initializer, node, 'ApplicationFailure.create', true);
        }
      } else if (['ApplicationFailure.nonRetryable', 'ApplicationFailure.retryable', 'ApplicationFailure'].includes(callee)) {
        if (callee !== 'ApplicationFailure' || ts.isNewExpression(node)) checkType(args[1], node, callee, true);
      }
    }
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'nonRetryableErrorTypes') {
      if (ts.isArrayLiteralExpression(node.initializer)) {
        for (const element of node.initializer.elements) {
          if (ts.isSpreadElement(element)) continue;
          checkType(element, element, 'nonRetryableErrorTypes', false);
        }
      }
    }
    const comparisons = [
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.EqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsToken,
    ];
    if (ts.isBinaryExpression(node) && comparisons.includes(node.operatorToken.kind)) {
      for (const side of [node.left, node.right]) {
        if (isStringLiteral(side) && registered.has(side.text)) report(side, `compares with the failure type "${side.text}" as a literal`);
      }
    }
    if (ts.isCaseClause(node) && isStringLiteral(node.expression) && registered.has(node.expression.text)) {
      report(node.expression, `switches on the failure type "${node.expression.text}" as a literal`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return scan;
}

function scanCode(): Scan {
  const scan: Scan = { findings: [], thrown: new Set() };
  for (const file of scannedDirs.flatMap(sourceFiles)) {
    if (file === registryFile) continue;
    scanSource(file, readFileSync(path.join(root, file), 'utf8'), scan);
  }
  return scan;
}

describe('the failure-type registry', () => {
  it('gives every type a retry decision and a one-sentence meaning', () => {
    expect(Object.keys(failureTypes).length).toBeGreaterThanOrEqual(9);
    for (const [name, info] of Object.entries(failureTypes)) {
      expect(name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(FailureType[name as FailureType]).toBe(name);
      expect(typeof info.retryable).toBe('boolean');
      expect(info.meaning).toMatch(/^[A-Z].{30,}\.$/);
      expect(info.meaning).not.toMatch(/\.\s+[A-Z]/);
    }
  });

  it('lists exactly the non-retryable types for retry policies', () => {
    const nonRetryable = Object.entries(failureTypes)
      .filter(([, info]) => !info.retryable)
      .map(([name]) => name);
    expect([...nonRetryableFailureTypes]).toEqual(nonRetryable);
    expect(nonRetryableFailureTypes).toContain(FailureType.InvalidJobData);
    expect(nonRetryableFailureTypes).not.toContain(FailureType.AlertWebhookRejected);
  });
});

describe('the code of src/, workflows/, activities/ and workers/', () => {
  const scan = scanCode();

  it('throws only registered failure types, named through the registry', () => {
    expect(scan.findings).toEqual([]);
  });

  it('throws every registered type somewhere (the registry holds no stale entry)', () => {
    expect([...scan.thrown].sort()).toEqual([...registered].sort());
  });
});

describe('the source scan', () => {
  const findings = (text: string): string[] => scanSource('sample.ts', text).findings.map((finding) => finding.problem);

  it('accepts registry constants and a failure type passed through', () => {
    const text = `
      throw ApplicationFailure.create({ type: FailureType.NotFound, message: 'm', nonRetryable: true });
      throw ApplicationFailure.nonRetryable(\`no \${x}\`, FailureType.InvalidWorkflowInput);
      throw ApplicationFailure.create({ type: cause.type ? cause.type : FailureType.JobStepFailed, message: 'm' });
      const retry = { nonRetryableErrorTypes: [...nonRetryableFailureTypes, FailureType.SlaBreached] };
      if (cause.type === FailureType.SlaBreached || transaction.type === 'CASH') {}
      defineSearchAttributeKey('SlaBreached', SearchAttributeType.BOOL);`;
    expect(findings(text)).toEqual([]);
  });

  it('reports literals, unregistered constants and untyped failures', () => {
    expect(findings(`throw ApplicationFailure.create({ type: 'LedgerLocked', message: 'm' });`)).toEqual([
      `ApplicationFailure.create names a type by string literal: 'LedgerLocked'`,
    ]);
    expect(findings(`throw ApplicationFailure.nonRetryable('m', FailureType.LedgerLocked);`)).toEqual([
      'ApplicationFailure.nonRetryable uses FailureType.LedgerLocked, which the registry does not name',
    ]);
    expect(findings(`throw new ApplicationFailure('m', 'NotFound');`)).toEqual([
      `ApplicationFailure names a type by string literal: 'NotFound'`,
    ]);
    expect(findings(`throw ApplicationFailure.create({ message: 'm' });`)).toEqual(['ApplicationFailure.create has no type']);
    expect(findings(`throw ApplicationFailure.retryable('m', kind);`)).toEqual([
      'ApplicationFailure.retryable takes its type from neither the registry nor a literal',
    ]);
    expect(findings(`const r = { nonRetryableErrorTypes: [...nonRetryableFailureTypes, 'ExpressionError'] };`)).toEqual([
      `nonRetryableErrorTypes names a type by string literal: 'ExpressionError'`,
    ]);
    expect(findings(`if (cause.type === 'DependencyFailed') {}`)).toEqual([
      'compares with the failure type "DependencyFailed" as a literal',
    ]);
    expect(findings(`switch (f.type) { case 'NotFound': break; }`)).toEqual(['switches on the failure type "NotFound" as a literal']);
  });
});
