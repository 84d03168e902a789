/**
 * The version of the code a worker runs, as the step record names it: the package version and a SHA-256 over the
 * source files that make up the code (paths and contents, in path order), so that any change to an agent's code, and
 * nothing else, changes its version. Workers put it in their identity, which Temporal writes into every activity's
 * started, completed and failed events: the history itself says which code ran each step.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../project-root';
import { sha256Hex } from './canonical-hash';

const packageJson = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { name: string; version: string };

/** Files (or folders, walked for .ts/.js/.mjs/.cjs/.json/.yaml files) relative to the project root, or absolute. */
export function codeVersion(sources: readonly string[]): string {
  const files = sources.flatMap((source) => sourceFiles(path.resolve(projectRoot, source))).sort();
  const lines = files.map((file) => `${path.relative(projectRoot, file)} ${sha256Hex(readFileSync(file))}`);
  return `${packageJson.name}@${packageJson.version}+sha256:${sha256Hex(lines.join('\n')).slice(0, 32)}`;
}

const codeFile = /\.(ts|js|mjs|cjs|json|ya?ml)$/;

function sourceFiles(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return codeFile.test(entry.name) ? [full] : [];
  });
}

/** What a built-in agent's code is: its folder, the helpers every agent shares, and the activity wrapper. */
export const builtInAgentSources = (agent: string): string[] => [
  `activities/${agent}`,
  'activities/shared',
  'activities/agent-action.ts',
  'activities/parse-job-data.ts',
  'activities/activity-log.ts',
  'src/contracts/step-context.ts',
];

/** What the orchestration's code is: the workflows and the pure modules they load. */
export const orchestrationSources = ['workflows', 'src/contracts', 'src/investigations', 'src/errors/failure-types.ts', 'src/config'];

const marker = ' code=';

/** A worker identity that carries its code version. */
export const identityWithVersion = (identity: string, version: string): string => `${identity}${marker}${version}`;

/** The code version an identity carries; undefined for workers that did not say (runs from before the record). */
export function versionOfIdentity(identity: string | null | undefined): string | undefined {
  const at = identity?.lastIndexOf(marker) ?? -1;
  return at < 0 ? undefined : identity?.slice(at + marker.length);
}
