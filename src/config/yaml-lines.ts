import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

/** Finds the line of a key path in a parsed temporal.yaml: the line of the key itself, not of its parent. */
export type LineOf = (keyPath: readonly PropertyKey[]) => number | undefined;

export function lineFinder(document: Document, lineCounter: LineCounter): LineOf {
  return (keyPath) => {
    if (keyPath.length === 0) return undefined;
    const parent = keyPath.length === 1 ? document.contents : document.getIn(keyPath.slice(0, -1), true);
    const last = String(keyPath[keyPath.length - 1]);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === last);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    const node = document.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  };
}

/** The line of a key path in a yaml file on disk (for checks made after loading, by the workers). */
export function lineOfKeyInFile(file: string, keyPath: readonly PropertyKey[]): number | undefined {
  try {
    const lineCounter = new LineCounter();
    return lineFinder(parseDocument(readFileSync(file, 'utf8'), { lineCounter }), lineCounter)(keyPath);
  } catch {
    return undefined;
  }
}

export const lineSuffix = (line: number | undefined): string => (line === undefined ? '' : ` (line ${line})`);
