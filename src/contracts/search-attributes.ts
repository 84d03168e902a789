/**
 * Custom search attributes Taskmaster sets on its workflows, so that the Web UI list and the visibility
 * queries behind GET /v1/jobs can filter by them. The dev server registers them at start
 * (src/dev-server/dev-server-args.ts); another cluster gets them through ensureSearchAttributes.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const JobTypeAttribute = defineSearchAttributeKey('TaskmasterJobType', SearchAttributeType.KEYWORD);
export const PriorityAttribute = defineSearchAttributeKey('TaskmasterPriority', SearchAttributeType.KEYWORD);
export const CaseIdAttribute = defineSearchAttributeKey('TaskmasterCaseId', SearchAttributeType.KEYWORD);
export const StatusAttribute = defineSearchAttributeKey('TaskmasterStatus', SearchAttributeType.KEYWORD);
export const JobIdAttribute = defineSearchAttributeKey('TaskmasterJobId', SearchAttributeType.KEYWORD);
/** Tenant, else case id: the fairness key. */
export const FairnessKeyAttribute = defineSearchAttributeKey('TaskmasterFairnessKey', SearchAttributeType.KEYWORD);
/** The tenant the job or investigation belongs to (the submitting token's, or the one an admin named); absent for none. */
export const TenantAttribute = defineSearchAttributeKey('TaskmasterTenant', SearchAttributeType.KEYWORD);
/** The `sub` of the token that submitted it. */
export const SubmitterAttribute = defineSearchAttributeKey('TaskmasterSubmitter', SearchAttributeType.KEYWORD);
export const SlaDeadlineAttribute = defineSearchAttributeKey('SlaDeadline', SearchAttributeType.DATETIME);
export const SlaBreachedAttribute = defineSearchAttributeKey('SlaBreached', SearchAttributeType.BOOL);
/** ON_TRACK, AT_RISK (past the warning fraction) or BREACHED. */
export const SlaStatusAttribute = defineSearchAttributeKey('SlaStatus', SearchAttributeType.KEYWORD);
/** The head (SHA-256) of the run's sealed step record: find a run by its record, or check a record against it. */
export const RecordHeadAttribute = defineSearchAttributeKey('TaskmasterRecordHead', SearchAttributeType.KEYWORD);
/**
 * How long the run's steps waited in their agents' queues, in ms (the sum over its steps of scheduled to started),
 * set when its step record is sealed (runs since the queue-wait-attribute patch). Historical analytics reads its
 * percentiles with count queries (src/analytics).
 */
export const QueueWaitAttribute = defineSearchAttributeKey('TaskmasterQueueWaitMs', SearchAttributeType.INT);

/** Every custom search attribute with its Temporal type, for registration. */
export const customSearchAttributes = [
  JobTypeAttribute,
  PriorityAttribute,
  CaseIdAttribute,
  StatusAttribute,
  JobIdAttribute,
  FairnessKeyAttribute,
  TenantAttribute,
  SubmitterAttribute,
  SlaDeadlineAttribute,
  SlaBreachedAttribute,
  SlaStatusAttribute,
  RecordHeadAttribute,
  QueueWaitAttribute,
] as const;

export const slaStatuses = ['ON_TRACK', 'AT_RISK', 'BREACHED'] as const;
export type SlaStatus = (typeof slaStatuses)[number];

/** The workflow's own stage, finer than Temporal's execution status (which says only Running). */
export const jobStages = ['WAITING', 'SCHEDULED', 'COMPLETED', 'FAILED', 'CANCELED'] as const;
export type JobStage = (typeof jobStages)[number];
