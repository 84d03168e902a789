/**
 * Hands messages to their subscribers a slice at a time. The facade's event loop also runs the workflow worker
 * and the HTTP API: 1,000 socket writes in one go held it for tens of ms of CPU, which on a busy machine became
 * seconds of wall time during which no workflow task or request moved (the jobs slowed, not the sockets). So each
 * turn of the loop delivers at most `budget` messages, then yields (setImmediate) to whatever else is waiting.
 * One queue for every message, drained in order: each subscriber still gets its messages in history order.
 */
import type { LiveEvent } from '../contracts/live-events';

export interface Recipient {
  push(event: LiveEvent): void;
}

/** Deliveries per turn of the event loop: a few ms of socket writes. */
const defaultBudget = 200;

export class FanOut {
  private readonly pending: { event: LiveEvent; to: readonly Recipient[]; next: number }[] = [];
  private scheduled = false;
  private stopped = false;

  constructor(private readonly budget = defaultBudget) {}

  /** Queues one message for these recipients (chosen now: who joins later gets it from the follower's history). */
  send(event: LiveEvent, to: readonly Recipient[]): void {
    if (to.length === 0 || this.stopped) return;
    this.pending.push({ event, to, next: 0 });
    this.schedule();
  }

  /** Messages queued and not yet handed over, for the figures. */
  get backlog(): number {
    return this.pending.reduce((sum, entry) => sum + entry.to.length - entry.next, 0);
  }

  stop(): void {
    this.stopped = true;
    this.pending.length = 0;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    let left = this.budget;
    while (left > 0 && this.pending.length > 0) {
      const head = this.pending[0];
      if (head === undefined) break;
      while (left > 0 && head.next < head.to.length) {
        head.to[head.next++]?.push(head.event);
        left--;
      }
      if (head.next >= head.to.length) this.pending.shift();
    }
    if (this.pending.length > 0) this.schedule();
  }
}
