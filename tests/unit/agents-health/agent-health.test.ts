import { assessAgent, type AgentWorker } from '../../../src/agents-health';
import { operationsSchema } from '../../../src/config/operations-schema';

const rules = operationsSchema.parse({}).agentHealth;

const worker = (overrides: Partial<AgentWorker> = {}): AgentWorker => ({
  identity: 'vm/100/taskmaster.agent-fraud',
  heartbeatIdentity: 'vm/100/taskmaster.agent-fraud',
  instanceKey: 'key',
  host: 'vm',
  processId: '100',
  status: 'RUNNING',
  startedAt: '2026-12-01T10:00:00.000Z',
  lastHeartbeatAt: '2026-12-01T10:05:00.000Z',
  heartbeatAgeSeconds: 1,
  live: true,
  stale: false,
  hostCpuUsage: 0.4,
  hostMemoryUsage: 0.5,
  slots: { used: 1, available: 19, supplier: 'Fixed' },
  stepsRunning: 1,
  recent: { completed: 10, failed: 0 },
  total: { completed: 100, failed: 1 },
  ...overrides,
});
const idle = { backlogCount: 0, backlogAgeSeconds: 0, tasksAddRate: 0, tasksDispatchRate: 0, paused: false };

describe('assessAgent', () => {
  it('is healthy with a live worker and no trouble', () => {
    expect(assessAgent([worker()], idle, rules)).toEqual({ status: 'healthy', reasons: [] });
  });

  it('is down without a live worker, saying what waits and which worker went silent', () => {
    expect(assessAgent([], idle, rules)).toEqual({ status: 'down', reasons: ['no live worker'] });
    const dead = worker({ live: false, stale: true, heartbeatAgeSeconds: 42 });
    const waiting = { ...idle, backlogCount: 3, backlogAgeSeconds: 12.4 };
    expect(assessAgent([dead], waiting, rules)).toEqual({
      status: 'down',
      reasons: ['no live worker', '3 steps waiting, the oldest for 12 s', 'worker vm/100/taskmaster.agent-fraud: last heartbeat 42 s ago'],
    });
  });

  it('is degraded by a silent worker beside a live one, unless a later worker on its host replaced it', () => {
    const dead = worker({ live: false, stale: true, heartbeatAgeSeconds: 40, lastHeartbeatAt: '2026-12-01T10:04:00.000Z' });
    const other = worker({ host: 'other', identity: 'other/7/q' });
    expect(assessAgent([dead, other], idle, rules).status).toBe('degraded');
    const replacement = worker({ processId: '200', identity: 'vm/200/q', startedAt: '2026-12-01T10:04:30.000Z' });
    expect(assessAgent([dead, replacement], idle, rules)).toEqual({ status: 'healthy', reasons: [] });
  });

  it('is degraded when every slot is used while the backlog grows, but not while its queue is paused', () => {
    const full = worker({ slots: { used: 20, available: 0, supplier: 'Fixed' } });
    const growing = { ...idle, backlogCount: 5, tasksAddRate: 2, tasksDispatchRate: 1 };
    expect(assessAgent([full], growing, rules)).toEqual({
      status: 'degraded',
      reasons: ['every activity slot is in use (20) while the backlog grows (5)'],
    });
    expect(assessAgent([full], { ...growing, paused: true }, rules).status).toBe('healthy');
    expect(assessAgent([full], idle, rules).status).toBe('healthy');
  });

  it('is degraded over the failure-rate threshold, counted only from minTasks on', () => {
    expect(assessAgent([worker({ recent: { completed: 2, failed: 8 } })], idle, rules)).toEqual({
      status: 'degraded',
      reasons: ['8 of 10 tasks failed in the last heartbeat interval (threshold 0.5)'],
    });
    expect(assessAgent([worker({ recent: { completed: 0, failed: 4 } })], idle, rules).status).toBe('healthy');
  });
});

describe('operations config', () => {
  it('refuses a staleAfter not above the heartbeat interval, naming the key', () => {
    const result = operationsSchema.safeParse({ agentHealth: { heartbeatInterval: '10s', staleAfter: '5s' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['agentHealth', 'staleAfter']);
    expect(operationsSchema.safeParse({ agentHealth: { heartbeatInterval: '90s' } }).success).toBe(false);
  });
});
