import { ApplicationFailure, isCancellation, log, upsertSearchAttributes } from '@temporalio/workflow';
import {
  investigationWorkflowInputSchema,
  type InvestigationResult,
  type InvestigationWorkflowInput,
} from '../src/contracts/investigation-workflow';
import { SlaBreachedAttribute, SlaStatusAttribute } from '../src/contracts/search-attributes';
import { FailureType } from '../src/errors/failure-types';
import {
  investigationDefinitionSchema,
  type AgentStep,
  type InvestigationDefinition,
  type InvestigationStep,
} from '../src/investigations/definition-schema';
import { evaluateExpression, isTruthy, parseExpression } from '../src/investigations/expression';
import { resolveReferences } from '../src/investigations/references';
import { createScope } from '../src/investigations/scope';
import { compensate } from './investigation/compensation';
import { rootCause, runStep } from './investigation/run-step';
import { StepTracker } from './investigation/step-tracker';
import { sealStepRecord } from './step-record';
import { escalatedPriorityKey, escalationAction } from './job-step';
import { watchSla } from './sla-watch';

/**
 * Interprets an investigation definition as a graph: every step whose dependencies have finished starts at once
 * (so independent steps run in parallel), a step whose `when` is false is SKIPPED, failures follow the step's
 * onFailure, and when a step that must not fail fails, the completed steps are compensated in reverse order and
 * the investigation fails naming the step.
 */
export async function investigationWorkflow(rawInput: InvestigationWorkflowInput): Promise<InvestigationResult> {
  let result: InvestigationResult;
  try {
    result = await runInvestigation(rawInput);
  } catch (error) {
    await sealStepRecord();
    throw error;
  }
  const record = await sealStepRecord();
  return record ? { ...result, record } : result;
}

async function runInvestigation(rawInput: InvestigationWorkflowInput): Promise<InvestigationResult> {
  const input = parseOrFail(() => investigationWorkflowInputSchema.parse(rawInput), 'investigation workflow input');
  const definition: InvestigationDefinition = parseOrFail(
    () => investigationDefinitionSchema.parse(input.definition),
    'investigation definition',
  );
  const tracker = new StepTracker(input.investigationId, definition);
  const scope = createScope(input.input);
  const resolvedInputs = new Map<string, unknown>();
  const completed: AgentStep[] = [];
  const finished = new Set<string>();
  const running = new Map<string, Promise<void>>();
  let failure: { step: string; message: string; type?: string } | undefined;

  let priorityKey = input.priorityKey;
  const subject = {
    jobId: input.investigationId,
    jobType: `INVESTIGATION ${definition.name}`,
    priority: input.priority,
    caseId: input.caseId,
    sla: input.sla,
  };
  const sla = watchSla(input.sla, subject, {
    onWarning: () => {
      tracker.progress.slaStatus = 'AT_RISK';
      upsertSearchAttributes([{ key: SlaStatusAttribute, value: 'AT_RISK' }]);
      return 'none: the investigation continues at its priority';
    },
    onBreach: () => {
      tracker.progress.slaStatus = 'BREACHED';
      const fromKey = priorityKey;
      priorityKey = escalatedPriorityKey(priorityKey);
      upsertSearchAttributes([
        { key: SlaStatusAttribute, value: 'BREACHED' },
        { key: SlaBreachedAttribute, value: true },
      ]);
      return escalationAction(fromKey, priorityKey);
    },
  });

  const start = (step: InvestigationStep): void => {
    const run = async (): Promise<void> => {
      if (step.when !== undefined && !isTruthy(evaluateExpression(parseExpression(step.when), scope))) {
        scope.steps[step.name] = { status: 'skipped' };
        tracker.update(step.name, { state: 'SKIPPED', skippedBecause: `when \`${step.when}\` is false` });
        return;
      }
      const overrides = input.resume?.inputOverrides ?? {};
      const data = Object.prototype.hasOwnProperty.call(overrides, step.name) ? overrides[step.name] : resolveReferences(step.input, scope);
      resolvedInputs.set(step.name, data);
      tracker.update(step.name, { state: 'RUNNING', priorityKey });
      const outcome = await runStep(input, step, data, priorityKey);
      scope.steps[step.name] = { status: 'succeeded', output: outcome.output };
      if (step.use === undefined) completed.push(step);
      tracker.update(step.name, { state: 'COMPLETED', output: outcome.output, via: outcome.via });
    };
    running.set(
      step.name,
      run()
        .catch((error: unknown) => {
          if (isCancellation(error)) throw error;
          const cause = rootCause(error);
          tracker.update(step.name, { state: 'FAILED', error: cause });
          if (step.onFailure === 'continue') scope.steps[step.name] = { status: 'failed', error: cause };
          else failure ??= { step: step.name, ...cause };
        })
        .finally(() => {
          running.delete(step.name);
          finished.add(step.name);
        }),
    );
  };

  // A rerun keeps the outputs of the steps that completed before: they are done, and their effects stand.
  for (const step of definition.steps) {
    if (!input.resume || !Object.prototype.hasOwnProperty.call(input.resume.outputs, step.name)) continue;
    const output = input.resume.outputs[step.name];
    scope.steps[step.name] = { status: 'succeeded', output };
    finished.add(step.name);
    try {
      resolvedInputs.set(step.name, resolveReferences(step.input, scope));
    } catch {
      // Only a compensation without an input of its own reads this; it then gets none.
    }
    if (step.use === undefined) completed.push(step);
    tracker.update(step.name, { state: 'COMPLETED', output, via: 'previous-run' });
  }

  try {
    try {
      for (;;) {
        if (!failure) {
          for (const step of definition.steps) {
            if (!running.has(step.name) && !finished.has(step.name) && step.dependsOn.every((name) => finished.has(name))) start(step);
          }
        }
        if (running.size === 0) break;
        await Promise.race(running.values());
      }
    } catch (error) {
      sla.stop();
      if (!isCancellation(error)) throw error;
      tracker.setState('COMPENSATING');
      await compensate(input, completed, resolvedInputs, scope, tracker, priorityKey);
      throw error;
    }
    sla.stop();

    if (failure) {
      tracker.setState('COMPENSATING');
      const compensated = await compensate(input, completed, resolvedInputs, scope, tracker, priorityKey);
      tracker.setState('FAILED');
      log.warn('investigation failed', { investigationId: input.investigationId, step: failure.step, error: failure.message });
      throw ApplicationFailure.create({
        type: FailureType.InvestigationStepFailed,
        message: `step ${failure.step} failed: ${failure.message}${compensatedNote(compensated)}`,
        nonRetryable: true,
        details: [{ step: failure.step, type: failure.type, compensated }],
      });
    }
    tracker.setState('COMPLETED');
    const outputs = Object.fromEntries(
      Object.entries(scope.steps).flatMap(([name, state]) => (state.status === 'succeeded' ? [[name, state.output]] : [])),
    );
    return { investigationId: input.investigationId, name: definition.name, outputs, steps: tracker.progress.steps };
  } finally {
    // An investigation closes only once the SLA alerts it raised were sent, so none is lost with the run.
    await sla.alertsHandedOff();
  }
}

function parseOrFail<T>(parse: () => T, what: string): T {
  try {
    return parse();
  } catch (error) {
    throw ApplicationFailure.create({
      type: FailureType.InvalidWorkflowInput,
      message: `invalid ${what}: ${(error as Error).message}`,
      nonRetryable: true,
    });
  }
}

const compensatedNote = (compensated: readonly string[]): string =>
  compensated.length > 0 ? `; compensated: ${compensated.join(', ')}` : '';
