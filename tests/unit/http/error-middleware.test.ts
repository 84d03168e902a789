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

describe('error middleware: client errors Express and the body parser raise', () => {
  it('answers 400 INVALID_PATH for a path parameter with a malformed %-escape, not 500', async () => {
    const app = express();
    app.get('/v1/jobs/:jobId', (req, res) => res.json({ id: req.params.jobId }));
    app.use(errorMiddleware(createLogger({}, 'silent')));
    const response = await request(app).get('/v1/jobs/%E0%A4%A').expect(400);
    expect(response.body.error.code).toBe('INVALID_PATH');
  });

  it('answers 415 for a JSON body in a charset the parser does not read', async () => {
    const app = express();
    app.use(express.json());
    app.post('/', (_req, res) => res.json({}));
    app.use(errorMiddleware(createLogger({}, 'silent')));
    const response = await request(app).post('/').set('content-type', 'application/json; charset=klingon').send('{}').expect(415);
    expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('keeps the status of any other exposed 4xx http-error, with the error shape', async () => {
    const error = Object.assign(new Error('request aborted'), { status: 400, expose: true, type: 'request.aborted' });
    const response = await request(failingWith(error)).get('/').expect(400);
    expect(response.body.error).toEqual({ code: 'BAD_REQUEST', message: 'request aborted' });
  });
});
