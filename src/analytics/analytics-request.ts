/** The query of GET /v1/analytics and the arguments of GraphQL's `analytics`: one schema, built from the config's job types. */
import { z } from 'zod';
import { durationSchema, formatDuration } from '../config/duration';
import { priorityClassSchema } from '../config/schema';
import type { TaskmasterConfig } from '../config/schema';

/** At most this many buckets in one answer: the cost of an uncached answer grows with the buckets that have jobs. */
export const maxBuckets = 200;
/** The finest bucket: visibility's clocks and the cache have no use for finer. */
export const minBucketMs = 60_000;
/** The longest window (Temporal keeps closed runs only for the namespace's retention anyway). */
export const maxWindowMs = 90 * 86_400_000;

export const defaultWindowMs = 86_400_000;
export const defaultBucketMs = 3_600_000;

export function analyticsRequestSchema(config: TaskmasterConfig) {
  const jobTypes = Object.keys(config.jobTypes);
  return z
    .object({
      window: durationSchema.default(defaultWindowMs).refine((ms) => ms <= maxWindowMs, `expected at most ${formatDuration(maxWindowMs)}`),
      bucket: durationSchema.default(defaultBucketMs).refine((ms) => ms >= minBucketMs, `expected at least ${formatDuration(minBucketMs)}`),
      type: z
        .string()
        .refine((type) => jobTypes.includes(type), `expected a job type of this deployment: ${jobTypes.join(', ')}`)
        .optional(),
      priority: z.optional(priorityClassSchema),
    })
    .strict()
    .superRefine((request, ctx) => {
      const buckets = Math.ceil(request.window / request.bucket);
      if (buckets > maxBuckets) {
        ctx.addIssue({
          code: 'custom',
          path: ['bucket'],
          message: `the window holds ${buckets} buckets of this size; at most ${maxBuckets}: choose a larger bucket or a shorter window`,
        });
      }
    });
}

export type AnalyticsRequest = z.infer<ReturnType<typeof analyticsRequestSchema>>;
