import type { Client } from '@temporalio/client';
import type { PriorityClass, TaskmasterConfig } from '../config/schema';
import { jobWorkflowType } from '../contracts/job-workflow';
import { PriorityAttribute } from '../contracts/search-attributes';
import { AtCapacityError } from '../errors/domain-errors';
import { deploymentWorkflows } from '../temporal/visibility-query';

/** How long a visibility count stands for the number of open jobs before it is read again. */
const countFreshnessMs = 1_000;

interface OpenCount {
  readAt: number;
  open: number;
  /** Jobs this process admitted since the count was read, which visibility may not show yet. */
  admittedSince: number;
}

/**
 * Admission per priority class (the seed's queue max_size): once `maxOpen` jobs of a class are open, new ones get
 * 429 with Retry-After. Open jobs are counted by Temporal visibility; the count is reused for a second and topped
 * up with this process's own admissions, so a burst cannot slip past the limit between two reads. Nothing is
 * dropped: a refused submission starts no workflow.
 */
export class AdmissionControl {
  private readonly counts = new Map<PriorityClass, Promise<OpenCount>>();

  constructor(
    private readonly config: TaskmasterConfig,
    private readonly client: Client,
  ) {}

  /** Reserves a place for one job of the class, or throws 429; call the returned function if the job did not start. */
  async admit(priority: PriorityClass): Promise<() => void> {
    const maxOpen = this.config.priorities[priority].maxOpen;
    if (maxOpen === undefined) return () => undefined;
    const count = await this.openCount(priority);
    if (count.open + count.admittedSince >= maxOpen) {
      const retryAfter = this.config.admission.retryAfterSeconds;
      throw new AtCapacityError(
        'CLASS_AT_CAPACITY',
        `${priority} already has ${count.open + count.admittedSince} open jobs (limit ${maxOpen}); retry after ${retryAfter} s`,
        { priority, open: count.open + count.admittedSince, maxOpen },
        retryAfter,
      );
    }
    // Checked and reserved in one synchronous step, so concurrent submissions cannot both take the last place.
    count.admittedSince += 1;
    return () => {
      count.admittedSince -= 1;
    };
  }

  private openCount(priority: PriorityClass): Promise<OpenCount> {
    const cached = this.counts.get(priority);
    if (cached) return cached.then((count) => (Date.now() - count.readAt < countFreshnessMs ? count : this.refresh(priority, cached)));
    return this.refresh(priority, undefined);
  }

  /** One read at a time per class: callers that arrive while it runs share it. */
  private refresh(priority: PriorityClass, stale: Promise<OpenCount> | undefined): Promise<OpenCount> {
    const current = this.counts.get(priority);
    if (current !== stale && current !== undefined) return current;
    const reading = this.readOpenCount(priority);
    this.counts.set(priority, reading);
    reading.catch(() => this.counts.delete(priority));
    return reading;
  }

  private async readOpenCount(priority: PriorityClass): Promise<OpenCount> {
    const query = deploymentWorkflows(this.config, jobWorkflowType)
      .equals(PriorityAttribute, priority)
      .equals('ExecutionStatus', 'Running');
    const { count } = await this.client.workflow.count(query.toString());
    return { readAt: Date.now(), open: count, admittedSince: 0 };
  }
}
