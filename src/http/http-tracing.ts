import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { routePattern } from './http-metrics';

const tracer = trace.getTracer('taskmaster-facade');

/**
 * The root of a submission's trace (tracing.enabled): a server span per request, continuing the caller's trace when
 * it sends a W3C traceparent. Everything the request does runs inside it, so the Temporal client's spans (its
 * OpenTelemetry interceptor) are its children, and through the workflow's headers so are the workflow's and the
 * activities'. Named by route pattern, like the metrics; the path's ids are not recorded.
 */
export function httpTracing(): RequestHandler {
  return (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      `${req.method} request`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
      parent,
    );
    res.once('finish', () => {
      const route = routePattern(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
