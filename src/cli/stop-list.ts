import type { Logger } from 'pino';

/** What a process started, to stop in reverse order; it says only what it is actually stopping. */
export class StopList {
  private readonly steps: Array<{ what: string; stop: () => Promise<void> }> = [];

  /** Registers something started; the last one added stops first. */
  add(what: string, stop: () => Promise<void>): void {
    this.steps.unshift({ what, stop });
  }

  get names(): string[] {
    return this.steps.map((step) => step.what);
  }

  /** Stops everything registered, each once, logging a step that fails and going on; logs nothing when empty. */
  async stopAll(logger: Logger): Promise<void> {
    const steps = this.steps.splice(0);
    if (steps.length === 0) return;
    logger.info(`stopping: ${steps.map((step) => step.what).join(', ')}`);
    for (const step of steps) {
      await step.stop().catch((error: unknown) => logger.warn({ err: error, step: step.what }, 'stopping failed'));
    }
  }
}
