import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import type { ProcessTracing } from './tracing';

/**
 * A worker's part of the trace: each activity runs in a span under the workflow's (from the activity's headers),
 * and the workflow sandbox's spans (bundled interceptors, src/temporal/workflow-bundle.ts) leave it through the
 * `exporter` sink into this process's span processor. Nothing when tracing is off.
 */
export function workerTracingOptions(tracing: ProcessTracing | undefined): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing) return {};
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
