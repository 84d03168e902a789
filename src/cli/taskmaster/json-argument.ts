import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';

/** A JSON option's value: inline JSON, or @file to read it from a file (- for stdin is not supported: name a file). */
export function jsonArgument(value: string): unknown {
  const text = value.startsWith('@') ? readFile(value.slice(1)) : value;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidArgumentError(`not JSON (${(error as Error).message}); give inline JSON or @file.json`);
  }
}

function readFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
