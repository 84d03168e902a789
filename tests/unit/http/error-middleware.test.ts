import { ServiceError } from '@temporalio/client';
import express from 'express';
import request from 'supertest';
import { ConflictError } from '../../../src/errors/domain-errors';
import { errorMiddleware } from '../../../src/http/error-middleware';
import { createLogger } from '../../../src/logging/logger';

/** An app whose only route fails with the given error, as a route whose Temporal call failed would. */
const failingWith = (error: unknown): express.Express => {
  const app = express();
  app.get('/', () => {
    throw error;
  });
  app.use(errorMiddleware(createLogger({}, 'silent')));
  return app;
};

/** What the SDK's client throws: a ServiceError whose cause is the transport's error with its gRPC code. */
const clientError = (code: number, message: string): ServiceError =>
  new ServiceError('Failed to describe workflow', { cause: Object.assign(new Error(message), { code }) });

describe('error middleware: Temporal errors', () => {
  it.each([
    ['UNAVAILABLE (connection refused)', 14, 'tcp connect error'],
    ['DEADLINE_EXCEEDED (grpc-js deadline)', 4, 'Deadline exceeded after 2.001s'],
    ['CANCELLED (NativeConnection deadline)', 1, 'Timeout expired'],
  ])('answers 503 TEMPORAL_UNAVAILABLE with Retry-After for %s', async (_name, code, message) => {
    for (const error of [clientError(code, message), Object.assign(new Error(message), { code })]) {
      const response = await request(failingWith(error)).get('/').expect(503);
      expect(response.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('5');
    }
  });

  it('answers 404 for NOT_FOUND, keeps domain errors as they are, and 500 for anything else', async () => {
    await request(failingWith(clientError(5, 'workflow not found')))
      .get('/')
      .expect(404);
    await request(failingWith(new ConflictError('JOB_NOT_RUNNING', 'not running')))
      .get('/')
      .expect(409);
    const response = await request(failingWith(new Error('boom')))
      .get('/')
      .expect(500);
    expect(response.body).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
  });
});
