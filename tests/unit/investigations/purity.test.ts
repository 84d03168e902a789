/**
 * The investigations modules run inside Temporal's deterministic workflow sandbox. ESLint's workflow rules do not
 * cover src/investigations, so this test holds them to the same standard: imports of zod and pure project modules
 * only, no clock, randomness, timers, environment or code generation. The YAML loader (template-files.ts) is the one
 * exception: it reads files and is never imported by a workflow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const root = path.resolve(__dirname, '../../../src/investigations');
const impure = new Set([path.join(root, 'template-files.ts')]);
/** Modules outside src/investigations that the pure modules may import (each is pure itself). */
const allowedOutside = new Set([path.resolve(root, '../config/duration.ts')]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const importPattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g;
const forbidden: Array<[RegExp, string]> = [
  [/\bDate\.now\b|\bnew Date\b/, 'the clock'],
  [/\bMath\.random\b/, 'randomness'],
  [/\bset(?:Timeout|Interval|Immediate)\b/, 'timers'],
  [/\bprocess\./, 'the environment'],
  [/\bBuffer\b/, 'Buffer'],
  [/\beval\s*\(|\bnew Function\b|\bFunction\s*\(/, 'code generation'],
  [/\brequire\s*\(/, 'dynamic require'],
  [/\bglobalThis\b/, 'globals'],
];

describe('purity of src/investigations', () => {
  const files = sourceFiles(root).filter((file) => !impure.has(file));

  it('covers every module', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(
    sourceFiles(root)
      .filter((file) => !impure.has(file))
      .map((file) => [path.relative(root, file), file]),
  )('%s imports only zod and pure modules, and uses nothing nondeterministic', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const [, specifier = ''] of text.matchAll(importPattern)) {
      if (specifier === 'zod') continue;
      expect(specifier.startsWith('.')).toBe(true);
      const target = path.resolve(path.dirname(file), specifier);
      const inside = target.startsWith(root + path.sep) && !impure.has(`${target}.ts`);
      expect(inside || allowedOutside.has(`${target}.ts`)).toBe(true);
    }
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const uses = forbidden.filter(([pattern]) => pattern.test(code)).map(([, what]) => what);
    expect({ file, uses }).toEqual({ file, uses: [] });
  });

  it('the modules outside the folder that they import are pure too', () => {
    for (const file of allowedOutside) {
      const imports = [...readFileSync(file, 'utf8').matchAll(importPattern)].map(([, specifier]) => specifier);
      expect(imports).toEqual(['zod']);
    }
  });

  it("bundle with Temporal's workflow bundler, which rejects Node built-ins", async () => {
    const quiet = (): void => undefined;
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./sandbox-workflow'),
      logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
    });
    expect(bundle.code).toContain('investigationsSandboxProbe');
    expect(bundle.code).toContain('the property name');
  });
});
