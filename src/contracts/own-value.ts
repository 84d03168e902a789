/**
 * Reads a configured name out of a plain object used as a dictionary (temporal.yaml's agents, job types, retry
 * policies, fairness weights, a workflow input's maps). Own keys only: a name a caller sends, such as "constructor",
 * "valueOf" or "__proto__", must not find Object.prototype's members.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
