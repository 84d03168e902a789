/**
 * temporal.yaml's `metrics` (Prometheus endpoints) and `tracing` (OpenTelemetry). Pure module. Documented in
 * docs/operations.md#metrics-and-tracing.
 */
import { z } from 'zod';

/** A port, or 0 for "no endpoint". */
const portOrOff = z.number().int().min(0).max(65535);

export const metricsSchema = z
  .object({
    /** false: no metrics endpoint in any process (the dev server's is devServer.metricsPort). */
    enabled: z.boolean().default(true),
    /** The address the endpoints listen on; 0.0.0.0 to be scraped from another host. */
    host: z.string().min(1).default('127.0.0.1'),
    /** The facade's endpoint (prom-client): the first free port from this one. 0: none. */
    port: portOrOff.default(9464),
    /**
     * Each worker process's endpoint (the SDK runtime's Prometheus exporter): the first free port from this one, so
     * that npm start's processes and every `npm run worker` on the host each get their own. 0: none.
     */
    workerPort: portOrOff.default(9470),
    /** How many ports upward from `port` / `workerPort` a process tries before it serves no metrics (and says so). */
    portSearch: z.number().int().min(1).max(1000).default(64),
    /**
     * A folder of the data dir where each process writes its endpoints as a Prometheus file_sd target file
     * (<host>-<pid>.json) and removes it when it stops: file_sd_configs with `<dataDir>/<targetsDir>/*.json`.
     */
    targetsDir: z.string().min(1).default('metrics-targets'),
  })
  .strict();
export type MetricsConfig = z.infer<typeof metricsSchema>;

export const tracingSchema = z
  .object({
    /** Off by default: when on, each HTTP request, workflow and activity is a span, exported over OTLP/HTTP. */
    enabled: z.boolean().default(false),
    /** The collector's OTLP/HTTP traces endpoint; spans are sent as OTLP JSON, which collectors accept on 4318. */
    otlpEndpoint: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4318/v1/traces'),
    /** The service.name of the spans; each process adds its role (facade, worker) as service.instance.id. */
    serviceName: z.string().min(1).max(200).default('taskmaster'),
  })
  .strict();
export type TracingConfig = z.infer<typeof tracingSchema>;
