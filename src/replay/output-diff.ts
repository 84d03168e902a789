/** The paths where two JSON values differ, as "findings.2.severity: \"LOW\" -> \"HIGH\"" lines (at most `limit`). */
export function outputDiff(before: unknown, after: unknown, limit = 50): string[] {
  const lines: string[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (lines.length >= limit) return;
    if (isObject(a) && isObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], path ? `${path}.${key}` : key);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let index = 0; index < Math.max(a.length, b.length); index++) walk(a[index], b[index], `${path}.${index}`);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) lines.push(`${path || '(output)'}: ${short(a)} -> ${short(b)}`);
  };
  walk(before, after, '');
  return lines;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const short = (value: unknown): string => {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};
