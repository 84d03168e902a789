/**
 * Agent health for a facade's broad subscribers: the current readings when one joins, then a message when an
 * agent's health changes and every events.agentHealthInterval. One loop per facade, read from a swappable source,
 * from the first broad subscriber to the last.
 */
import type { Logger } from 'pino';
import type { LiveEvent } from '../contracts/live-events';
import { healthKey, type AgentHealthReading, type AgentHealthSource } from './agent-health';
import { encodeCursor } from './cursor';
import type { Subscriber } from './subscriber';

/** How often agent health is read to notice a change (the interval messages go out at events.agentHealthInterval). */
const healthCheckMs = 5_000;

export interface AgentHealthTickerOptions {
  source: AgentHealthSource;
  /** events.agentHealthInterval: every reading goes out at least this often. */
  intervalMs: number;
  logger: Logger;
  /** The facade's subscribers now. */
  subscribers: () => Iterable<Subscriber>;
  /** Runs the loop outside of the request that started it (its deadline must not apply). */
  detached: (fn: () => void) => void;
}

export class AgentHealthTicker {
  private loop = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Each agent's last reading, and the key of it that tells a change. */
  private readonly lastKeys = new Map<string, string>();
  private readonly lastReadings = new Map<string, AgentHealthReading>();
  private lastBroadcastMs = 0;

  constructor(private readonly options: AgentHealthTickerOptions) {}

  /** A broad subscriber joined: it gets the current readings at once, and the loop runs while it stays. */
  join(subscriber: Subscriber): void {
    const now = new Date();
    for (const [agent] of this.lastKeys) {
      const reading = this.lastReadings.get(agent);
      if (reading && subscriber.wantsAgentHealth(agent)) subscriber.push(healthMessage(reading, now));
    }
    if (this.loop || this.closed) return;
    this.loop = true;
    const tick = (): void => {
      this.timer = undefined;
      if (this.closed || ![...this.options.subscribers()].some((s) => !s.followsOneRun)) {
        this.lastKeys.clear();
        this.loop = false;
        return;
      }
      this.options.detached(() => {
        void this.check()
          .catch((error: unknown) => this.options.logger.warn({ err: error }, 'reading agent health failed'))
          .finally(() => {
            this.timer = setTimeout(tick, Math.min(healthCheckMs, this.options.intervalMs));
          });
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private async check(): Promise<void> {
    const readings = await this.options.source();
    const now = new Date();
    const periodic = now.getTime() - this.lastBroadcastMs >= this.options.intervalMs;
    if (periodic) this.lastBroadcastMs = now.getTime();
    for (const reading of readings) {
      const key = healthKey(reading);
      const changed = this.lastKeys.get(reading.agent) !== key;
      this.lastKeys.set(reading.agent, key);
      this.lastReadings.set(reading.agent, reading);
      if (!changed && !periodic) continue;
      const message = healthMessage(reading, now);
      for (const subscriber of this.options.subscribers()) if (subscriber.wantsAgentHealth(reading.agent)) subscriber.push(message);
    }
  }
}

function healthMessage(reading: AgentHealthReading, at: Date): LiveEvent {
  return {
    type: 'agent_health_update',
    cursor: encodeCursor({ atMs: at.getTime(), runTag: '', eventId: 0 }),
    ...reading,
    at: at.toISOString(),
  };
}
