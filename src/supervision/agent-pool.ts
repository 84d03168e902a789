import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';
import { agentProcessEnv, agentStopTimeoutMs, agentWorkerScript } from './agent-processes';
import { isLoadMessage } from './child-messages';
import type { WorkerLoad } from './scaling-decision';
import { superviseProcess, type SupervisedProcess } from './supervised-process';
import { projectRoot } from '../project-root';

export interface PoolMember {
  process: SupervisedProcess;
  startedAt: number;
  /** The last load report, and when it came; undefined until the first. */
  load?: WorkerLoad;
  loadAt?: number;
}

/**
 * One agent type's worker processes under npm start: each a supervised `workers/agent-worker.ts --agent <type>`
 * (restarted if it crashes), reporting its load over IPC. The autoscaler adds and drains members; a drained member
 * stops polling, finishes its running steps within the agent's drainTimeout, and exits.
 */
export class AgentWorkerPool {
  private readonly members: PoolMember[] = [];
  private readonly draining = new Set<Promise<void>>();
  private nextIndex = 1;

  constructor(
    readonly agent: string,
    private readonly config: LoadedConfig,
    private readonly logger: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The live members (not those draining). */
  list(): readonly PoolMember[] {
    return this.members;
  }

  size(): number {
    return this.members.length;
  }

  /** Starts one more worker process; resolves when it is ready, rejects (and drops it) if it fails to start. */
  add(): Promise<void> {
    const index = this.nextIndex++;
    const measured: Pick<PoolMember, 'load' | 'loadAt'> = {};
    const supervised = superviseProcess({
      name: `agent ${this.agent} #${index}`,
      command: process.execPath,
      args: ['--import', 'tsx', agentWorkerScript, '--agent', this.agent],
      // tsx is resolved from the working directory.
      cwd: projectRoot,
      env: agentProcessEnv(this.config, this.env),
      logger: this.logger,
      stopTimeoutMs: agentStopTimeoutMs(this.config, [this.agent]),
      onMessage: (message) => {
        if (!isLoadMessage(message)) return;
        measured.load = { stepsRunning: message.stepsRunning, slots: message.slots, eventLoopUtilisation: message.eventLoopUtilisation };
        measured.loadAt = Date.now();
      },
    });
    const member: PoolMember = Object.assign(measured, { process: supervised, startedAt: Date.now() });
    this.members.push(member);
    return member.process.ready.catch((error: unknown) => {
      this.remove(member);
      throw error;
    });
  }

  /** Drains a member: SIGTERM, its worker stops polling and finishes its steps, then exits. Resolves once it has. */
  drain(member: PoolMember): Promise<void> {
    this.remove(member);
    const stopped = member.process.stop();
    this.draining.add(stopped);
    return stopped.finally(() => this.draining.delete(stopped));
  }

  /** Stops every member (each drains) and waits for the drains under way. */
  async stopAll(): Promise<void> {
    const members = [...this.members];
    this.members.length = 0;
    await Promise.all([...members.map((member) => member.process.stop()), ...this.draining]);
  }

  private remove(member: PoolMember): void {
    const at = this.members.indexOf(member);
    if (at >= 0) this.members.splice(at, 1);
  }
}
