/** The README is the front door to docs/: every relative link there and between the pages must land somewhere. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { anchorsOf, linksOf, proseLines, readMarkdown, slugOf } from './markdown-links';

const root = path.resolve(__dirname, '../../..');
const pages = [
  path.join(root, 'README.md'),
  ...readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join(root, 'docs', name)),
];
const relative = (file: string): string => path.relative(root, file);

/** "docs/api.md:12 → security.md#getting-a-token: no such heading", one line per broken link. */
function brokenLinksOf(page: string): string[] {
  const problems: string[] = [];
  for (const { line, target } of linksOf(readMarkdown(page))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ... are not this repository's
    const [filePart, anchor] = target.split('#', 2) as [string, string | undefined];
    const file = filePart === '' ? page : path.resolve(path.dirname(page), decodeURIComponent(filePart));
    const where = `${relative(page)}:${line} → ${target}`;
    if (!existsSync(file)) {
      problems.push(`${where}: no such file`);
      continue;
    }
    if (anchor === undefined || !file.endsWith('.md') || statSync(file).isDirectory()) continue;
    if (!anchorsOf(readMarkdown(file)).has(anchor)) problems.push(`${where}: no such heading`);
  }
  return problems;
}

describe('links of README.md and docs/*.md', () => {
  it('finds the pages', () => {
    expect(pages.map(relative)).toEqual(expect.arrayContaining(['README.md', 'docs/api.md', 'docs/configuration.md']));
  });

  it.each(pages.map((page) => [relative(page), page]))('%s: every relative link and anchor exists', (_name, page) => {
    expect(brokenLinksOf(page)).toEqual([]);
  });

  // Prettier pads tables to their widest cell, so one long cell makes every row long: keep prose and tables readable
  // in a 140-column editor, as the code is (code blocks may stay as written).
  it.each(pages.map((page) => [relative(page), page]))('%s: no prose or table line over 140 characters', (_name, page) => {
    const long = proseLines(readMarkdown(page))
      .filter(({ text }) => text.length > 140)
      .map(({ line, text }) => `${relative(page)}:${line} (${text.length}) ${text.slice(0, 60)}`);
    expect(long).toEqual([]);
  });
});

describe('the anchors and links read from a page', () => {
  it('slugs headings as GitHub does', () => {
    expect(slugOf('Cluster tests (`npm run test:cluster`)')).toBe('cluster-tests-npm-run-testcluster');
    expect(slugOf('Keys of `temporal.yaml`')).toBe('keys-of-temporalyaml');
    expect(slugOf('What-if rerun')).toBe('what-if-rerun');
    expect(slugOf('BANK_STATEMENT_PROCESSING')).toBe('bank_statement_processing');
    expect(slugOf('Codec server (Web UI)')).toBe('codec-server-web-ui');
  });

  it('numbers repeated headings and ignores code blocks', () => {
    const page = '# A\n## Input\n```bash\n# not a heading [x](nowhere.md)\n```\n## Input\n`[y](nor-here.md)` [z](z.md#input-1)\n';
    expect([...anchorsOf(page)]).toEqual(['a', 'input', 'input-1']);
    expect(linksOf(page)).toEqual([{ line: 7, target: 'z.md#input-1' }]);
  });
});
