/**
 * The local cluster puts the Temporal services, their database and Taskmaster's own processes on one machine. In a
 * real deployment the server and its database have hosts of their own, so Taskmaster's workers never take CPU from
 * them. Starting the servers at a higher scheduling priority (nice -5; the script runs as root for `ip netns`) keeps
 * that property here: when the host is saturated, the server's writes (timers firing, tasks dispatched) go first and
 * the workers, which only wait on the server, absorb the delay. `nice` execs its command, so pids are unchanged.
 */
export const serverNiceness = -5;

export function atServerPriority(command: string, args: readonly string[]): [string, string[]] {
  return ['nice', ['-n', String(serverNiceness), command, ...args]];
}
