/**
 * `taskmaster watch <jobId|investigationId>`: follows the job or investigation live over /v1/events, a progress bar
 * per step on a terminal (one line per change otherwise), then prints its result or its error. Exit 0 only when it
 * COMPLETED.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { TaskmasterClient } from '../../client';
import type { InvestigationDetails, JobDetails, JobStatusUpdate } from '../../client/api-types';
import { statusColour, type Output } from './output';

interface StepLine {
  name: string;
  state: string;
}

/** A step's bar: nothing yet, under way, or done (whichever way it ended). */
const barValue = (state: string): number => (state === 'PENDING' ? 0 : state === 'RUNNING' ? 50 : 100);

/** Bars on a terminal, lines elsewhere (a log, a pipe, a test): the same changes, told once each. */
class WatchView {
  private readonly bars: MultiBar | undefined;
  private readonly bar = new Map<string, SingleBar>();
  private readonly told = new Map<string, string>();

  constructor(private readonly output: Output) {
    if (process.stdout.isTTY && !output.json) {
      this.bars = new MultiBar(
        { format: ' {name} |{bar}| {state}', hideCursor: true, clearOnComplete: false, stopOnComplete: false, barsize: 30 },
        Presets.shades_classic,
      );
    }
  }

  show(steps: readonly StepLine[]): void {
    for (const step of steps) {
      if (this.told.get(step.name) === step.state) continue;
      this.told.set(step.name, step.state);
      if (this.bars) {
        const bar = this.bar.get(step.name) ?? this.bars.create(100, 0, { name: step.name.padEnd(24), state: step.state });
        this.bar.set(step.name, bar);
        bar.update(barValue(step.state), { state: statusColour(step.state) });
      } else {
        this.output.note(`step ${step.name}: ${step.state}`);
      }
    }
  }

  stop(): void {
    this.bars?.stop();
  }
}

/** A job is one step: its agent's action (its stage until it closes). */
function jobSteps(details: { type?: string | undefined; stage?: string | undefined; status: string }): StepLine[] {
  const state = details.status === 'RUNNING' ? (details.stage === 'WAITING' ? 'PENDING' : 'RUNNING') : details.status;
  return [{ name: details.type ?? 'job', state }];
}

function updateSteps(update: JobStatusUpdate, jobType: string | undefined): StepLine[] {
  if (update.investigationId !== undefined) return (update.steps ?? []).map((step) => ({ name: step.name, state: step.state }));
  return jobSteps({ type: update.jobType ?? jobType, stage: update.stage, status: update.status });
}

export async function watchCommand(client: TaskmasterClient, id: string, output: Output): Promise<number> {
  const target = await client.resolveTarget(id);
  const view = new WatchView(output);
  const jobType = target.kind === 'job' ? target.job.type : undefined;
  const initial = target.kind === 'job' ? target.job : target.investigation;
  output.note(`${target.kind} ${id}: ${initial.status}${target.kind === 'investigation' && initial.name ? ` (${initial.name})` : ''}`);
  view.show(target.kind === 'job' ? jobSteps(target.job) : target.investigation.steps);
  try {
    if (initial.status === 'RUNNING') {
      const filter = target.kind === 'job' ? { jobId: id } : { investigationId: id };
      for await (const update of client.watch(filter)) {
        view.show(updateSteps(update, jobType));
        if (update.estimatedCompletion && update.status === 'RUNNING' && !process.stdout.isTTY) {
          output.note(`estimated completion ${update.estimatedCompletion}`);
        }
      }
    }
  } finally {
    view.stop();
  }
  const final = target.kind === 'job' ? await client.getJob(id) : await client.getInvestigation(id);
  printFinal(output, target.kind, final);
  return final.status === 'COMPLETED' ? 0 : 1;
}

function printFinal(output: Output, kind: 'job' | 'investigation', final: JobDetails | InvestigationDetails): void {
  output.result(final, () => {
    const id = kind === 'job' ? (final as JobDetails).jobId : (final as InvestigationDetails).investigationId;
    const head = `${kind} ${id}: ${statusColour(final.status)}`;
    if (final.error) return [head, `error: ${final.error.type ? `${final.error.type}: ` : ''}${final.error.message}`];
    const result = kind === 'job' ? (final as JobDetails).result : (final as InvestigationDetails).outputs;
    return [head, 'result:', JSON.stringify(result ?? null, null, 2)];
  });
}
