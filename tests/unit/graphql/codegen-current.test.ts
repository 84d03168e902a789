/** The committed resolver types must be what `npm run graphql:codegen` makes of the committed SDL, now. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const root = path.resolve(__dirname, '../../..');
const committed = 'src/http/graphql/generated/resolvers-types.ts';

describe('generated GraphQL resolver types', () => {
  it('are current with src/http/graphql/schema.graphql (else run npm run graphql:codegen and commit)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-codegen-'));
    try {
      // The repository's own codegen.yml, writing elsewhere; Prettier runs below with the repository's settings.
      const config = parse(readFileSync(path.join(root, 'codegen.yml'), 'utf8')) as { generates: Record<string, { hooks?: unknown }> };
      const [[, target] = []] = Object.entries(config.generates);
      const output = path.join(dir, 'resolvers-types.ts');
      const configFile = path.join(dir, 'codegen.yml');
      // contextType is relative to the generated file: the same folder depth keeps it valid.
      writeFileSync(configFile, stringify({ ...config, generates: { [output]: { ...target, hooks: {} } } }));
      execFileSync(path.join(root, 'node_modules/.bin/graphql-codegen'), ['--config', configFile, '--silent'], {
        cwd: root,
        stdio: 'pipe',
      });
      // The Prettier CLI (its API needs ES modules, which Jest cannot load), formatting as if the file were the committed one.
      const expected = execFileSync(path.join(root, 'node_modules/.bin/prettier'), ['--stdin-filepath', committed], {
        cwd: root,
        input: readFileSync(output, 'utf8'),
        encoding: 'utf8',
      });
      expect(readFileSync(path.join(root, committed), 'utf8')).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
