/**
 * Runs an agent's synchronous work as the activity's promise. A throw (such as an InvalidJobData failure) becomes
 * a rejection, exactly as from an async function, without an `async` that has nothing to await.
 */
export function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}
