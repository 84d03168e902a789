/**
 * OpenTelemetry tracing of one process (tracing.enabled): a tracer provider registered as the process's global one
 * (AsyncLocalStorage context, W3C trace context), whose spans go in batches to the collector's OTLP/HTTP endpoint.
 * Temporal's OpenTelemetry interceptors carry the context from the HTTP request through the client's start into the
 * workflow and each activity (their headers), so one submission is one trace across the facade and the workers.
 */
import os from 'node:os';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { TracingConfig } from '../config/telemetry-schema';

export interface ProcessTracing {
  /** Where the workflows' spans go too (the worker's `exporter` sink, src/tracing/worker-tracing.ts). */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Sends the spans still buffered and stops; call once the work that makes spans has stopped. */
  shutdown(): Promise<void>;
}

/** What a process is, on its spans' resource (service.instance.id): facade, worker:<queues>. */
export function startTracing(config: TracingConfig, role: string): ProcessTracing | undefined {
  if (!config.enabled) return undefined;
  const resource = new Resource({
    'service.name': config.serviceName,
    'service.instance.id': `${os.hostname()}/${process.pid}/${role}`,
  });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlpEndpoint }), { scheduledDelayMillis: 1_000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return { spanProcessor, resource, shutdown: () => provider.shutdown() };
}
