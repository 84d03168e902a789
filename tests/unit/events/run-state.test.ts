/**
 * RunState against committed histories (tests/histories): the stages, steps and SLA changes a subscriber would be
 * sent, in history order, rebuilt from the events alone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { RunState, type RunIdentity } from '../../../src/events/run-state';

function replay(file: string, identity: Omit<RunIdentity, 'runId'>): { state: RunState; changes: string[] } {
  const history = historyFromJSON(JSON.parse(readFileSync(path.resolve(__dirname, '../../histories', file), 'utf8')));
  const state = new RunState({ ...identity, runId: 'run' });
  const changes: string[] = [];
  for (const event of history.events ?? []) {
    const change = state.apply(event);
    if (change === 'sla') changes.push(`sla ${state.slaStatus}`);
    if (change === 'status') {
      const steps = [...state.steps.values()].map((step) => `${step.name}:${step.state}`).join(',');
      changes.push(`${state.status}/${state.stage ?? '-'}${steps ? ` ${steps}` : ''}`);
    }
  }
  return { state, changes };
}

describe('RunState', () => {
  it('reads a completed job: SCHEDULED, then its stage COMPLETED, then the run', () => {
    const { state, changes } = replay('job-completed.json', { workflowId: 'job-x', kind: 'job', id: 'x' });
    expect(changes).toEqual(['RUNNING/SCHEDULED', 'RUNNING/COMPLETED', 'COMPLETED/COMPLETED']);
    expect(state.progress()).toBe(1);
    expect(state.jobType).toBeDefined();
    expect(state.result).toBeDefined();
  });

  it('reads a failed job, with its failure kept for decoding', () => {
    const { state, changes } = replay('job-failed-invalid-data.json', { workflowId: 'job-x', kind: 'job', id: 'x' });
    expect(changes.at(-1)).toMatch(/^FAILED\//);
    expect(state.failure).toBeDefined();
    expect(state.progress()).toBe(0);
  });

  it('reads the SLA escalation of a job as sla changes', () => {
    const { changes } = replay('job-sla-escalated.json', { workflowId: 'job-x', kind: 'job', id: 'x' });
    expect(changes.filter((change) => change.startsWith('sla'))).toEqual(['sla AT_RISK', 'sla BREACHED']);
  });

  it("reads an investigation's steps, each RUNNING before COMPLETED", () => {
    const { state, changes } = replay('investigation-completed.json', { workflowId: 'investigation-x', kind: 'investigation', id: 'x' });
    expect(state.status).toBe('COMPLETED');
    const steps = [...state.steps.values()];
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.every((step) => step.state === 'COMPLETED')).toBe(true);
    for (const step of steps) {
      const running = changes.findIndex((change) => change.includes(`${step.name}:RUNNING`));
      const completed = changes.findIndex((change) => change.includes(`${step.name}:COMPLETED`));
      expect(running).toBeGreaterThanOrEqual(0);
      expect(completed).toBeGreaterThan(running);
    }
  });

  it('reads compensations as COMPENSATED steps', () => {
    const { state } = replay('investigation-compensated.json', { workflowId: 'investigation-x', kind: 'investigation', id: 'x' });
    expect([...state.steps.values()].some((step) => step.state === 'COMPENSATED')).toBe(true);
  });
});
