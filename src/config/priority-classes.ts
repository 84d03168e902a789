/**
 * The priority classes, apart from the rest of the temporal.yaml schema: workflows need only these, and every
 * module a workflow imports is evaluated again for each workflow in the worker's sandbox (hence zod's mini build).
 */
import { z } from '../contracts/zod-mini';

export const priorityClasses = ['CRITICAL', 'HIGH', 'NORMAL', 'LOW', 'MAINTENANCE'] as const;
export const priorityClassSchema = z.enum(priorityClasses);
export type PriorityClass = z.infer<typeof priorityClassSchema>;
