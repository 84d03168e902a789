import path from 'node:path';
import { builtInAction } from '../../../activities/catalog';
import { loadConfig } from '../../../src/config/load-config';
import { agentConfigSchema } from '../../../src/config/schema';
import { jobDataSchema } from '../../../src/jobs/job-data-schemas';

const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {});
const withJobType = (agent: string, action: string, module?: string) => ({
  agents: {
    ...config.agents,
    [agent]: agentConfigSchema.parse({ taskQueue: `agent-${agent}`, maxConcurrentActivities: 1, ...(module ? { module } : {}) }),
  },
  jobTypes: { ...config.jobTypes, EXTRA: { ...config.jobTypes.FRAUD_DETECTION!, agent, action } },
});

describe('jobDataSchema', () => {
  it("takes each configured job type's schema from its agent's action in the catalog", () => {
    expect(Object.keys(config.jobTypes).length).toBeGreaterThanOrEqual(7);
    for (const [type, { agent, action }] of Object.entries(config.jobTypes)) {
      const declared = builtInAction(agent, action);
      expect(declared).toBeDefined();
      expect(jobDataSchema(config, type)).toBe(declared?.input);
    }
    expect(jobDataSchema(config, 'FRAUD_DETECTION').safeParse({ transactions: 'none' }).success).toBe(false);
    expect(jobDataSchema(config, 'JOB_EXPLANATION').safeParse({ jobId: '../etc/passwd' }).success).toBe(false);
  });

  it('follows the configured action, not the job type name', () => {
    const config2 = withJobType('risk', 'assessRisk');
    expect(jobDataSchema(config2, 'EXTRA')).toBe(builtInAction('risk', 'assessRisk')?.input);
  });

  it("accepts any JSON object for custom agents' job types, and only an object", () => {
    for (const [agent, action, module] of [
      ['ocr', 'extractText', './agents/ocr.js'],
      ['fraud', 'detectFraud', './agents/my-fraud.js'],
      ['fraud', 'somethingElse', undefined],
    ] as const) {
      const schema = jobDataSchema(withJobType(agent, action, module), 'EXTRA');
      expect(schema.safeParse({ anything: [1, 'two'] }).success).toBe(true);
      expect(schema.safeParse('text').success).toBe(false);
    }
  });

  it('looks configured names up as own keys only', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(jobDataSchema(config, type).safeParse({ any: 1 }).success).toBe(true);
    }
    for (const agent of ['constructor', 'toString']) {
      expect(jobDataSchema(withJobType(agent, 'detectFraud'), 'EXTRA').safeParse({ any: 1 }).success).toBe(true);
    }
  });
});
