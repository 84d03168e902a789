import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../../src/config/config-error';
import { parseConfig } from '../../../src/config/load-config';
import { activitySlotOptions } from '../../../workers/create-workers';

const shipped = readFileSync(path.resolve(__dirname, '../../../temporal.yaml'), 'utf8');
const file = '/etc/taskmaster/temporal.yaml';

function problemsOf(text: string): string {
  try {
    parseConfig(text, file, {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

const withRisk = (keys: string): string =>
  shipped.replace('    taskQueue: agent-risk\n', `    taskQueue: agent-risk\n${keys.replace(/^/gm, '    ')}\n`);

describe('autoscaling keys of temporal.yaml', () => {
  it("defaults to the product description's thresholds, one worker, and fixed slots", () => {
    const { agents, autoscaling } = parseConfig(withRisk(''), file, {});
    expect(agents.risk).toMatchObject({
      minWorkers: 1,
      maxWorkers: 1,
      scaleUpThreshold: 0.8,
      scaleDownThreshold: 0.2,
      scaleUpBacklogAge: 30_000,
      scaleCooldown: 60_000,
      drainTimeout: 10_000,
      slots: { tuner: 'fixed', targetCpuUsage: 0.8, targetMemoryUsage: 0.8 },
    });
    expect(autoscaling.interval).toBe(5_000);
  });

  it('reads the bounds, thresholds, cooldown and a resource-based tuner', () => {
    const { agents } = parseConfig(
      withRisk(
        [
          'minWorkers: 2',
          'maxWorkers: 4',
          'scaleUpThreshold: 0.7',
          'scaleDownThreshold: 0.1',
          'scaleCooldown: 2m',
          'slots: { tuner: resource-based, targetCpuUsage: 0.9 }',
        ].join('\n'),
      ),
      file,
      {},
    );
    expect(agents.risk).toMatchObject({
      minWorkers: 2,
      maxWorkers: 4,
      scaleUpThreshold: 0.7,
      scaleDownThreshold: 0.1,
      scaleCooldown: 120_000,
    });
    expect(agents.risk?.slots).toEqual({ tuner: 'resource-based', targetCpuUsage: 0.9, targetMemoryUsage: 0.8 });
  });

  it('names the file, key and line of bounds and thresholds that contradict each other', () => {
    const message = problemsOf(withRisk('minWorkers: 3\nmaxWorkers: 2\nscaleUpThreshold: 0.5\nscaleDownThreshold: 0.6'));
    expect(message).toContain(file);
    expect(message).toMatch(/agents\.risk\.minWorkers \(line \d+\): must not exceed maxWorkers \(2\)/);
    expect(message).toMatch(/agents\.risk\.scaleDownThreshold \(line \d+\): must be below scaleUpThreshold \(0\.5\)/);
  });

  it('refuses a threshold outside 0..1, a bad tuner, and scaling with one shared process', () => {
    expect(problemsOf(withRisk('scaleUpThreshold: 1.5'))).toMatch(/agents\.risk\.scaleUpThreshold \(line \d+\)/);
    expect(problemsOf(withRisk('slots: { tuner: magic }'))).toMatch(/agents\.risk\.slots\.tuner/);
    const shared = problemsOf(withRisk('maxWorkers: 2').replace('agentProcesses: per-agent', 'agentProcesses: shared'));
    expect(shared).toMatch(/agents\.risk\.maxWorkers \(line \d+\): agentProcesses: shared runs one process/);
  });

  it('takes the container settings from the environment, naming the variable of a bad value', () => {
    const config = parseConfig(shipped, file, {
      TASKMASTER_DEV_SERVER_ENABLED: 'false',
      TASKMASTER_AGENT_PROCESSES: 'none',
      TASKMASTER_HTTP_HOST: '0.0.0.0',
      TASKMASTER_WORKFLOW_BUNDLE: '/app/dist/workflow-bundle.js',
    });
    expect(config).toMatchObject({
      agentProcesses: 'none',
      http: { host: '0.0.0.0' },
      orchestration: { workflowBundle: '/app/dist/workflow-bundle.js' },
    });
    expect(config.devServer.enabled).toBe(false);
    let message = '';
    try {
      parseConfig(shipped, file, { TASKMASTER_DEV_SERVER_ENABLED: 'no' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('devServer.enabled (set by TASKMASTER_DEV_SERVER_ENABLED)');
  });

  it("turns slots into the SDK worker's options: a fixed count, or the resource-based tuner capped at maxConcurrentActivities", () => {
    const slotsOf = (count: number, extra = ''): string =>
      withRisk(extra).replace(
        '    maxConcurrentActivities: 20\n    description: Scores',
        `    maxConcurrentActivities: ${count}\n    description: Scores`,
      );
    const fixed = parseConfig(slotsOf(3), file, {});
    expect(activitySlotOptions(fixed, 'risk')).toEqual({ maxConcurrentActivityTaskExecutions: 3 });
    const tuned = parseConfig(slotsOf(50, 'slots: { tuner: resource-based, targetCpuUsage: 0.7 }'), file, {});
    expect(activitySlotOptions(tuned, 'risk')).toEqual({
      tuner: {
        tunerOptions: { targetCpuUsage: 0.7, targetMemoryUsage: 0.8 },
        activityTaskSlotOptions: { minimumSlots: 1, maximumSlots: 50 },
      },
    });
  });
});
