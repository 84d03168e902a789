/**
 * Workflow code runs in Temporal's deterministic sandbox, and so does every project module a workflow imports. The
 * workflow block of eslint.config.mjs holds them to that (no Node built-ins, randomness, timers, environment, Buffer,
 * globals or code generation; no clock in the modules shared with the HTTP facade), but only for the files its globs
 * name. This test computes the run-time import closure of workflows/index.ts (type-only imports are erased, so they
 * are left out) and checks with ESLint's own config resolution that every module in it gets those rules: a module
 * newly imported by a workflow cannot escape the lint.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import ts from 'typescript';
import { bundleWorkflows } from '../../src/temporal/workflow-bundle';

const root = path.resolve(__dirname, '../..');
const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
const compilerOptions = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
)?.options;

/** The module specifiers a file loads at run time: static imports and re-exports that are not type-only, and import(). */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? '', ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const typeOnly = (clause: ts.ImportClause | undefined): boolean => {
    if (!clause) return false;
    if (clause.isTypeOnly) return true;
    const bindings = clause.namedBindings;
    // `import { type A, type B } from` is erased like `import type`.
    return (
      !clause.name &&
      !!bindings &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((e) => e.isTypeOnly)
    );
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !typeOnly(node.importClause)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) specifiers.push(argument.text);
      else throw new Error(`${relative(file)}: import() of a computed specifier cannot be followed`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** Project modules (not packages) that the entry loads at run time, directly or transitively. */
function runtimeClosure(entry: string): string[] {
  if (!compilerOptions) throw new Error('cannot read tsconfig.json');
  const seen = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of runtimeSpecifiers(file)) {
      const resolved = ts.resolveModuleName(specifier, file, compilerOptions, ts.sys).resolvedModule;
      if (!resolved && specifier.startsWith('.')) throw new Error(`${relative(file)}: cannot resolve ${specifier}`);
      if (resolved && !resolved.isExternalLibraryImport) pending.push(resolved.resolvedFileName);
    }
  }
  return [...seen].map(relative).sort();
}

interface LintRules {
  restrictedImports: string[];
  restrictedGlobals: string[];
  restrictedSyntax: string[];
  noEval: boolean;
}

/**
 * The rules ESLint applies to each file, from eslint.config.mjs. ESLint loads its config with a dynamic import(),
 * which Jest's module sandbox does not support, so this asks a plain Node process.
 */
function lintRulesFor(files: readonly string[]): Record<string, LintRules> {
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint({ cwd: process.cwd() });
    const on = (entry) => Array.isArray(entry) ? entry[0] === 2 || entry[0] === 'error' : entry === 2 || entry === 'error';
    const options = (entry) => (on(entry) && Array.isArray(entry) ? entry.slice(1) : []);
    const out = {};
    for (const file of JSON.parse(process.argv[1])) {
      const { rules = {} } = await eslint.calculateConfigForFile(file);
      out[file] = {
        restrictedImports: options(rules['no-restricted-imports']).flatMap((o) => (o.paths ?? []).map((p) => p.name ?? p)),
        restrictedGlobals: options(rules['no-restricted-globals']).map((g) => g.name ?? g),
        restrictedSyntax: options(rules['no-restricted-syntax']).map((s) => s.selector ?? s),
        noEval: on(rules['no-eval']) && on(rules['no-new-func']),
      };
    }
    console.log(JSON.stringify(out));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(files)], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output) as Record<string, LintRules>;
}

describe('the workflow lint covers every module a workflow imports', () => {
  // The bundler adds the failure converter (failureConverterPath), the sandbox preload (preloadModules) and the
  // interceptor modules to what workflows/index.ts imports.
  const entries = [
    'workflows/index.ts',
    'src/crypto/failure-converter.ts',
    'workflows/sandbox-preload.ts',
    'workflows/interceptors/job-metrics.ts',
  ].map((entry) => runtimeClosure(path.join(root, entry)));
  const closure = [...new Set(entries.flat())].sort();

  it('follows static, re-exported and lazily imported modules, and leaves out type-only imports', () => {
    // investigation-workflow.ts is loaded by import() in workflows/index.ts; its own imports follow from there.
    expect(closure).toEqual(
      expect.arrayContaining(['workflows/index.ts', 'workflows/investigation-workflow.ts', 'src/investigations/references.ts']),
    );
    expect(closure.filter((file) => file.startsWith('activities/'))).toEqual([]);
    expect(closure).not.toContain('src/investigations/template-files.ts');
  });

  it("is exactly the project's modules in Temporal's workflow bundle", async () => {
    const { code } = await bundleWorkflows();
    const bundled = new Set([...code.matchAll(/"\.\/((?:workflows|src)\/[^"]+\.ts)"/g)].map(([, file]) => file));
    expect([...bundled].sort()).toEqual(closure);
  }, 60_000);

  it('gets the workflow rules for every module, and no clock outside workflows/', () => {
    const rules = lintRulesFor(closure);
    for (const file of closure) {
      const got = rules[file];
      const summary = {
        file,
        bansBuiltins: ['fs', 'node:fs', 'crypto', 'node:crypto', 'child_process'].every((name) => got?.restrictedImports.includes(name)),
        bansGlobals: ['process', 'Buffer', 'globalThis', 'setTimeout', 'setInterval', 'require'].every((name) =>
          got?.restrictedGlobals.includes(name),
        ),
        bansRandom: got?.restrictedSyntax.some((selector) => selector.includes("'random'")),
        bansEval: got?.noEval,
        bansClock: got?.restrictedSyntax.some((selector) => selector.includes("'now'")),
      };
      // Temporal's sandbox makes the clock deterministic in workflows; the shared pure modules must not read it.
      const inWorkflows = file.startsWith('workflows/');
      expect(summary).toEqual({ file, bansBuiltins: true, bansGlobals: true, bansRandom: true, bansEval: true, bansClock: !inWorkflows });
    }
  });

  it("bundles every pure investigations module with Temporal's workflow bundler, which rejects Node built-ins", async () => {
    // The facade uses modules no workflow imports (validation, catalog); they are shared, so they are pure too.
    const quiet = (): void => undefined;
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./investigations/sandbox-workflow'),
      logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
    });
    expect(bundle.code).toContain('investigationsSandboxProbe');
    expect(bundle.code).toContain('the property name');
  }, 60_000);
});
