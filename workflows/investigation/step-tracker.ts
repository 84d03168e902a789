import { setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  investigationProgressQuery,
  type InvestigationProgress,
  type StepProgress,
  type StepRunState,
} from '../../src/contracts/investigation-workflow';
import { StatusAttribute } from '../../src/contracts/search-attributes';
import type { InvestigationDefinition } from '../../src/investigations/definition-schema';

const finishedStates: ReadonlySet<StepRunState> = new Set(['COMPLETED', 'FAILED', 'SKIPPED', 'COMPENSATED']);

/** Each step's state, answered by the progress query and written, in words, as the Web UI's current details. */
export class StepTracker {
  readonly progress: InvestigationProgress;
  private readonly byName = new Map<string, StepProgress>();

  constructor(investigationId: string, definition: InvestigationDefinition) {
    const steps = definition.steps.map((step): StepProgress => ({
      name: step.name,
      state: 'PENDING',
      ...(step.use === undefined ? { agent: step.agent, action: step.action } : { use: step.use }),
    }));
    for (const step of steps) this.byName.set(step.name, step);
    this.progress = { investigationId, name: definition.name, state: 'RUNNING', progress: 0, steps };
    setHandler(investigationProgressQuery, () => this.progress);
    this.publish();
  }

  update(name: string, change: Partial<StepProgress>): void {
    const step = this.byName.get(name);
    if (!step) return;
    Object.assign(step, change);
    if (change.state === 'RUNNING') step.startedAt = new Date().toISOString();
    if (change.state && change.state !== 'RUNNING' && change.state !== 'PENDING') step.finishedAt = new Date().toISOString();
    this.publish();
  }

  setState(state: InvestigationProgress['state']): void {
    this.progress.state = state;
    upsertSearchAttributes([{ key: StatusAttribute, value: state }]);
    this.publish();
  }

  private publish(): void {
    const steps = this.progress.steps;
    this.progress.progress = Math.round((steps.filter((step) => finishedStates.has(step.state)).length / steps.length) * 1000) / 1000;
    const lines = steps.map((step) => {
      const what = step.use ? `template \`${step.use}\`` : `\`${step.action}\` (${step.agent})`;
      const why = step.error ? `: ${step.error.message}` : step.skippedBecause ? `: ${step.skippedBecause}` : '';
      return `- **${step.name}** ${what}: ${step.state}${step.via === 'fallback' ? ' via fallback' : ''}${why}`;
    });
    setCurrentDetails(
      [
        `**Investigation ${this.progress.name}**: ${this.progress.state}, ${Math.round(this.progress.progress * 100)}% of steps finished`,
        ...lines,
      ].join('\n'),
    );
  }
}
