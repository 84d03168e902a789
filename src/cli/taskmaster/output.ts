/** How `taskmaster` prints: JSON for scripts (--json), short lines for people; errors on stderr. */
export interface Output {
  json: boolean;
  /** A command's answer: the JSON as is with --json, else the lines. */
  result(value: unknown, lines?: () => string[]): void;
  /** A line for people only (progress, notes); nothing with --json. */
  note(line: string): void;
}

export function outputOf(json: boolean): Output {
  return {
    json,
    result(value, lines) {
      if (json || lines === undefined) process.stdout.write(`${JSON.stringify(value, null, json ? 2 : 2)}\n`);
      else process.stdout.write(`${lines().join('\n')}\n`);
    },
    note(line) {
      if (!json) process.stdout.write(`${line}\n`);
    },
  };
}

/** Colours only on a terminal, and never with NO_COLOR (https://no-color.org). */
export const colour = (code: number, text: string): string =>
  process.stdout.isTTY && process.env.NO_COLOR === undefined ? `\u001b[${code}m${text}\u001b[0m` : text;

export const statusColour = (status: string): string =>
  colour(status === 'COMPLETED' ? 32 : status === 'RUNNING' || status === 'PENDING' ? 33 : status === 'SKIPPED' ? 90 : 31, status);
