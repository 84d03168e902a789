import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp, type Options } from 'pino-http';

/**
 * One log line per request: method, path, status, duration (responseTime, ms) and request id. No headers (they
 * carry Authorization and cookies) and no query string (its values can carry tokens): only the names of the query
 * parameters sent.
 */
export function requestLog(logger: Logger) {
  const options: Options = {
    logger,
    autoLogging: { ignore: (req) => req.url === '/healthz' },
    quietReqLogger: true,
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => requestFields(req),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return pinoHttp<IncomingMessage, ServerResponse>(options);
}

export function requestFields(req: { id?: unknown; method?: string; url?: string }): Record<string, unknown> {
  const url = new URL(req.url ?? '/', 'http://request.invalid');
  const queryParameters = [...new Set(url.searchParams.keys())];
  return {
    id: req.id,
    method: req.method,
    path: url.pathname,
    ...(queryParameters.length > 0 ? { queryParameters } : {}),
  };
}
