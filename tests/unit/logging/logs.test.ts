import { Writable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import request from 'supertest';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { createApp } from '../../../src/http/app';
import { temporalLoggerFromPino } from '../../../src/logging/temporal-logger';
import { runtimeOptions } from '../../../workers/install-runtime';

function capturingLogger(level = 'info'): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level }, stream);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {});

describe("the SDK's logs", () => {
  const agents = new Map([['taskmaster.agent-help', 'help']]);

  it('carry no task token and write the error with its type and message', () => {
    const { logger, lines } = capturingLogger();
    const error = ApplicationFailure.create({ type: 'Timeout', message: 'upstream took too long' });
    temporalLoggerFromPino(logger, agents).warn('Activity failed', {
      taskQueue: 'taskmaster.agent-help',
      workflowId: 'job-abc',
      taskToken: 'CiQwMWEyMmZhNS1hODdh',
      error,
    });
    const [line] = lines();
    expect(line).not.toHaveProperty('taskToken');
    expect(line).toMatchObject({
      level: 40,
      msg: 'Activity failed',
      jobId: 'abc',
      agentType: 'help',
      error: { type: 'Timeout', message: 'upstream took too long', nonRetryable: false },
    });
  });

  it('log a job failure once at WARN: the workflow says it, not also the SDK and the non-retryable activity', () => {
    const { logger, lines } = capturingLogger();
    const sdk = temporalLoggerFromPino(logger, agents);
    const error = ApplicationFailure.create({ type: 'NotFound', message: 'No job with id "x" exists', nonRetryable: true });
    sdk.warn('Activity failed', { taskQueue: 'taskmaster.agent-help', workflowId: 'job-abc', error });
    sdk.warn('job failed', { workflowId: 'job-abc', workflowType: 'jobWorkflow', error: { type: 'NotFound', message: error.message } });
    sdk.warn('Workflow failed', { workflowId: 'job-abc', workflowType: 'jobWorkflow', error });
    const warnings = lines().filter((line) => line.level === 40);
    expect(warnings.map((line) => line.msg)).toEqual(['job failed']);
    expect(lines().find((line) => line.msg === 'Activity failed')).toMatchObject({ level: 30, error: { message: error.message } });
  });

  it("forward the Rust core's logs to the JSON logger instead of coloured text on stderr", () => {
    const { logger } = capturingLogger();
    expect(runtimeOptions(config, logger).telemetryOptions?.logging).toEqual({ forward: {}, filter: { core: 'WARN', other: 'ERROR' } });
  });
});

describe('the request log', () => {
  it('logs method, path, status, duration and request id; no headers and no query values', async () => {
    const { logger, lines } = capturingLogger();
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 100 });
    const client = new Client({ connection, namespace: 'default' });
    const app = createApp({ config, client, logger });
    // A forged token: the answer is a 401, and neither the token nor the query value may reach the log.
    await request(app).get('/v1/nothing-here?token=s3cr3t-value').set('authorization', 'Bearer s3cr3t-token').expect(401);
    await connection.close();
    const line = lines().find((candidate) => candidate.msg === 'request completed' || candidate.msg === 'request errored');
    expect(line).toMatchObject({ req: { method: 'GET', path: '/v1/nothing-here', queryParameters: ['token'] }, res: { statusCode: 401 } });
    expect(line?.req).toHaveProperty('id');
    expect(typeof line?.responseTime).toBe('number');
    const all = JSON.stringify(lines());
    expect(all).not.toContain('s3cr3t');
    expect(all).not.toContain('headers');
  });
});
