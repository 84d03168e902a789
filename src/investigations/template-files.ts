/**
 * Loads investigation templates from YAML files (one template per file, named after it: fraud-investigation.yaml
 * holds `name: fraud-investigation`). Not pure: it reads files, so it runs where the HTTP facade and workers start,
 * never in a workflow. Every file is validated against the catalog; all problems of all files are reported in one
 * error, so a broken deployment is fixed in one pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { DefinitionCatalog } from './catalog';
import type { InvestigationDefinition } from './definition-schema';
import { validateDefinition } from './validate-definition';

/** The templates that ship with Taskmaster. */
export const shippedTemplatesDir = path.join(__dirname, 'templates');

export class TemplateFileError extends Error {
  override readonly name = 'TemplateFileError';

  constructor(readonly problems: ReadonlyArray<{ file: string; messages: string[] }>) {
    super(
      `invalid investigation template${problems.length === 1 ? '' : 's'}:\n` +
        problems.map(({ file, messages }) => `  ${file}:\n${messages.map((m) => `    - ${m}`).join('\n')}`).join('\n'),
    );
  }
}

/**
 * Every `*.yaml` / `*.yml` template in `dir`, by name. The templates may use each other: their names are added to
 * the catalog's templates for validation, and a template that uses itself through others is reported.
 */
export function loadTemplateFiles(dir: string, catalog: DefinitionCatalog): Map<string, InvestigationDefinition> {
  const files = readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => path.join(dir, file));
  const names = files.map((file) => path.basename(file).replace(/\.ya?ml$/, ''));
  const fullCatalog = { ...catalog, templates: [...new Set([...catalog.templates, ...names])] };
  const problems: Array<{ file: string; messages: string[] }> = [];
  const templates = new Map<string, InvestigationDefinition>();
  files.forEach((file, index) => {
    const messages: string[] = [];
    const raw = readYaml(file, messages);
    if (messages.length === 0) {
      const result = validateDefinition(raw, fullCatalog);
      if (!result.ok) messages.push(...result.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)));
      else if (result.definition.name !== names[index]) {
        messages.push(`name: "${result.definition.name}" must match the file name "${names[index] ?? ''}"`);
      } else templates.set(result.definition.name, result.definition);
    }
    if (messages.length > 0) problems.push({ file, messages });
  });
  for (const cycle of useCycles(templates)) {
    const file = path.join(dir, `${cycle[0] ?? ''}.yaml`);
    problems.push({ file, messages: [`templates use each other in a cycle: ${cycle.join(' -> ')}`] });
  }
  if (problems.length > 0) throw new TemplateFileError(problems);
  return templates;
}

function readYaml(file: string, messages: string[]): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    messages.push(`cannot read the file: ${(error as Error).message}`);
    return undefined;
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  for (const error of document.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    messages.push(`line ${line}, column ${col}: ${error.message.split('\n')[0] ?? error.message}`);
  }
  return messages.length === 0 ? (document.toJS({ maxAliasCount: 100 }) as unknown) : undefined;
}

/** Cycles of `use:` between templates: a child investigation that starts its own parent would never end. */
function useCycles(templates: ReadonlyMap<string, InvestigationDefinition>): string[][] {
  const uses = (name: string): string[] =>
    (templates.get(name)?.steps ?? []).flatMap((step) => (step.use !== undefined && templates.has(step.use) ? [step.use] : []));
  const cycles: string[][] = [];
  const reported = new Set<string>();
  for (const start of templates.keys()) {
    const trail = findPathBack(start, uses);
    if (trail && !trail.some((name) => reported.has(name))) {
      trail.forEach((name) => reported.add(name));
      cycles.push(trail);
    }
  }
  return cycles;
}

/** Depth-first from `start` to `start` again; the trail of names, or undefined. */
function findPathBack(start: string, next: (name: string) => string[]): string[] | undefined {
  const visited = new Set<string>();
  const search = (name: string, trail: string[]): string[] | undefined => {
    for (const child of next(name)) {
      if (child === start) return [...trail, start];
      if (visited.has(child)) continue;
      visited.add(child);
      const found = search(child, [...trail, child]);
      if (found) return found;
    }
    return undefined;
  };
  return search(start, [start]);
}
