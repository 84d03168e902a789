import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { GraphQLContext } from '../graphql-context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string };
  String: { input: string; output: string };
  Boolean: { input: boolean; output: boolean };
  Int: { input: number; output: number };
  Float: { input: number; output: number };
  /** Any JSON value: a job's data and result, metrics, an investigation's input and outputs. */
  JSON: { input: unknown; output: unknown };
};

/** An agent's health (the agent_health_update message of GET /v1/events). */
export type AgentHealthUpdate = {
  __typename?: 'AgentHealthUpdate';
  agent: Scalars['String']['output'];
  at: Scalars['String']['output'];
  cursor: Scalars['String']['output'];
  /** HEALTHY, DEGRADED or DOWN. */
  healthStatus: Scalars['String']['output'];
  livePollers: Scalars['Int']['output'];
  resourceUsage?: Maybe<ResourceUsage>;
  taskQueue: Scalars['String']['output'];
  workers: Scalars['Int']['output'];
};

export type AgentQueue = {
  __typename?: 'AgentQueue';
  agent: Scalars['String']['output'];
  backlogAgeSeconds: Scalars['Float']['output'];
  backlogCount: Scalars['Int']['output'];
  byPriority: Array<PriorityQueueStats>;
  livePollers: Scalars['Int']['output'];
  taskQueue: Scalars['String']['output'];
  tasksAddRate: Scalars['Float']['output'];
  tasksDispatchRate: Scalars['Float']['output'];
};

export type AgentStatus = {
  __typename?: 'AgentStatus';
  agent: Scalars['String']['output'];
  healthy: Scalars['Boolean']['output'];
  livePollers: Scalars['Int']['output'];
  taskQueue: Scalars['String']['output'];
};

/** How the percentiles were estimated: each is off by less than relativeError x value + absoluteErrorMs. */
export type AnalyticsAccuracy = {
  __typename?: 'AnalyticsAccuracy';
  absoluteErrorMs: Scalars['Float']['output'];
  method: Scalars['String']['output'];
  relativeError: Scalars['Float']['output'];
};

/** One time bucket of historical analytics: jobs started in it, and jobs closed in it by outcome. */
export type AnalyticsBucket = {
  __typename?: 'AnalyticsBucket';
  canceled: Scalars['Int']['output'];
  completed: Scalars['Int']['output'];
  /** Start to close of the jobs that completed in the bucket. */
  durationMs: AnalyticsPercentiles;
  failed: Scalars['Int']['output'];
  /** The bucket is over: its figures no longer change. */
  final: Scalars['Boolean']['output'];
  from: Scalars['String']['output'];
  /** Time the steps of the jobs closed in the bucket waited in their queues. */
  queueWaitMs: AnalyticsPercentiles;
  sla: AnalyticsSla;
  submitted: Scalars['Int']['output'];
  terminated: Scalars['Int']['output'];
  timedOut: Scalars['Int']['output'];
  to: Scalars['String']['output'];
};

export type AnalyticsCost = {
  __typename?: 'AnalyticsCost';
  /** Buckets answered from the cache. */
  cachedBuckets: Scalars['Int']['output'];
  /** Count queries sent to Temporal for this answer. */
  countQueries: Scalars['Int']['output'];
  elapsedMs: Scalars['Float']['output'];
};

/** Percentiles of one figure of a bucket, in ms; null when no job of the bucket has the figure. */
export type AnalyticsPercentiles = {
  __typename?: 'AnalyticsPercentiles';
  /** How many jobs the percentiles are of. */
  jobs: Scalars['Int']['output'];
  p50?: Maybe<Scalars['Float']['output']>;
  p95?: Maybe<Scalars['Float']['output']>;
};

export type AnalyticsReport = {
  __typename?: 'AnalyticsReport';
  bucketMs: Scalars['Float']['output'];
  buckets: Array<AnalyticsBucket>;
  cost: AnalyticsCost;
  from: Scalars['String']['output'];
  percentiles: AnalyticsAccuracy;
  priority?: Maybe<Scalars['String']['output']>;
  to: Scalars['String']['output'];
  totals: AnalyticsTotals;
  type?: Maybe<Scalars['String']['output']>;
  windowMs: Scalars['Float']['output'];
};

export type AnalyticsSla = {
  __typename?: 'AnalyticsSla';
  /** met / jobs; null when no job with an SLA closed. */
  compliance?: Maybe<Scalars['Float']['output']>;
  /** Closed jobs of the bucket that had an SLA. */
  jobs: Scalars['Int']['output'];
  /** Of those, the jobs that completed without breaching it. */
  met: Scalars['Int']['output'];
};

export type AnalyticsTotals = {
  __typename?: 'AnalyticsTotals';
  canceled: Scalars['Int']['output'];
  completed: Scalars['Int']['output'];
  failed: Scalars['Int']['output'];
  submitted: Scalars['Int']['output'];
  terminated: Scalars['Int']['output'];
  timedOut: Scalars['Int']['output'];
};

export type CancelResult = {
  __typename?: 'CancelResult';
  id: Scalars['ID']['output'];
  status: Scalars['String']['output'];
};

export type Investigation = {
  __typename?: 'Investigation';
  caseId?: Maybe<Scalars['String']['output']>;
  closedAt?: Maybe<Scalars['String']['output']>;
  error?: Maybe<JobError>;
  estimatedCompletion?: Maybe<Scalars['String']['output']>;
  investigationId: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
  outputs?: Maybe<Scalars['JSON']['output']>;
  priority?: Maybe<Scalars['String']['output']>;
  progress?: Maybe<Scalars['Float']['output']>;
  runId: Scalars['String']['output'];
  startedAt: Scalars['String']['output'];
  state?: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
  steps: Array<InvestigationStep>;
  webUiUrl?: Maybe<Scalars['String']['output']>;
  workflowId: Scalars['String']['output'];
};

/** An investigation to start, as POST /v1/investigations takes it: a shipped template by name, or an inline definition. */
export type InvestigationInput = {
  caseId?: InputMaybe<Scalars['String']['input']>;
  definition?: InputMaybe<Scalars['JSON']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input?: InputMaybe<Scalars['JSON']['input']>;
  priority?: InputMaybe<Scalars['String']['input']>;
  template?: InputMaybe<Scalars['String']['input']>;
  tenant?: InputMaybe<Scalars['String']['input']>;
};

export type InvestigationPage = {
  __typename?: 'InvestigationPage';
  investigations: Array<InvestigationSummary>;
  nextPageToken?: Maybe<Scalars['String']['output']>;
};

export type InvestigationStep = {
  __typename?: 'InvestigationStep';
  action?: Maybe<Scalars['String']['output']>;
  agent?: Maybe<Scalars['String']['output']>;
  attempts: Scalars['Int']['output'];
  error?: Maybe<JobError>;
  finishedAt?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  output?: Maybe<Scalars['JSON']['output']>;
  skippedBecause?: Maybe<Scalars['String']['output']>;
  startedAt?: Maybe<Scalars['String']['output']>;
  /** PENDING, RUNNING, COMPLETED, FAILED, SKIPPED or COMPENSATED. */
  state: Scalars['String']['output'];
  use?: Maybe<Scalars['String']['output']>;
  via?: Maybe<Scalars['String']['output']>;
};

export type InvestigationSummary = {
  __typename?: 'InvestigationSummary';
  caseId?: Maybe<Scalars['String']['output']>;
  closedAt?: Maybe<Scalars['String']['output']>;
  investigationId: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
  priority?: Maybe<Scalars['String']['output']>;
  runId: Scalars['String']['output'];
  startedAt: Scalars['String']['output'];
  state?: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
  webUiUrl?: Maybe<Scalars['String']['output']>;
  workflowId: Scalars['String']['output'];
};

/** A job as GET /v1/jobs/:id shows it. */
export type Job = {
  __typename?: 'Job';
  caseId?: Maybe<Scalars['String']['output']>;
  closedAt?: Maybe<Scalars['String']['output']>;
  dependsOn?: Maybe<Array<Scalars['String']['output']>>;
  error?: Maybe<JobError>;
  /** When it completed, or is expected to (ISO 8601; docs/live-api.md#estimated-completion). Null when nobody can tell, and in lists. */
  estimatedCompletion?: Maybe<Scalars['String']['output']>;
  jobId: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
  priority?: Maybe<Scalars['String']['output']>;
  /** 0 to 1: 1 once the job completed; null when the running job's progress cannot be read. */
  progress?: Maybe<Scalars['Float']['output']>;
  /** The job's output once it completed. */
  result?: Maybe<Scalars['JSON']['output']>;
  runId: Scalars['String']['output'];
  /** The workflow's own stage (WAITING, SCHEDULED, RUNNING, COMPLETED...). */
  stage?: Maybe<Scalars['String']['output']>;
  startedAt: Scalars['String']['output'];
  /** RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED or TIMED_OUT. */
  status: Scalars['String']['output'];
  step?: Maybe<JobStep>;
  tenant?: Maybe<Scalars['String']['output']>;
  type?: Maybe<Scalars['String']['output']>;
  webUiUrl?: Maybe<Scalars['String']['output']>;
  workflowId: Scalars['String']['output'];
};

export type JobError = {
  __typename?: 'JobError';
  message: Scalars['String']['output'];
  type?: Maybe<Scalars['String']['output']>;
};

/** A job to submit, as POST /v1/jobs takes it (the same validation; a failing field is named in the error's details). */
export type JobInput = {
  caseId?: InputMaybe<Scalars['String']['input']>;
  /** The job's input, checked against its agent's input schema. */
  data: Scalars['JSON']['input'];
  dependsOn?: InputMaybe<Array<Scalars['String']['input']>>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** A priority class: CRITICAL, HIGH, NORMAL, LOW or MAINTENANCE; the deployment's default when absent. */
  priority?: InputMaybe<Scalars['String']['input']>;
  tenant?: InputMaybe<Scalars['String']['input']>;
  /** A job type of temporal.yaml, e.g. FRAUD_DETECTION. */
  type: Scalars['String']['input'];
};

export type JobPage = {
  __typename?: 'JobPage';
  jobs: Array<Job>;
  nextPageToken?: Maybe<Scalars['String']['output']>;
};

/** A job or investigation changed (the job_status_update message of GET /v1/events). */
export type JobStatusUpdate = {
  __typename?: 'JobStatusUpdate';
  /** When it happened: the time of the history event behind it. */
  at: Scalars['String']['output'];
  caseId?: Maybe<Scalars['String']['output']>;
  /** Where this message is in the stream: GET /v1/events?since=<cursor> resumes after it. */
  cursor: Scalars['String']['output'];
  error?: Maybe<JobError>;
  /** ISO 8601; null when nobody can tell. */
  estimatedCompletion?: Maybe<Scalars['String']['output']>;
  investigationId?: Maybe<Scalars['ID']['output']>;
  jobId?: Maybe<Scalars['ID']['output']>;
  jobType?: Maybe<Scalars['String']['output']>;
  /** 0 to 1. */
  progress: Scalars['Float']['output'];
  runId: Scalars['String']['output'];
  stage?: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
  /** An investigation's steps. */
  steps?: Maybe<Array<LiveStep>>;
  workflowId: Scalars['String']['output'];
};

/** The step a running job is on: its activity, the activity's state and attempt. */
export type JobStep = {
  __typename?: 'JobStep';
  activity: Scalars['String']['output'];
  attempt: Scalars['Int']['output'];
  lastFailure?: Maybe<Scalars['String']['output']>;
  state: Scalars['String']['output'];
};

/** One investigation step's state in a live update. */
export type LiveStep = {
  __typename?: 'LiveStep';
  agent?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  startedAt?: Maybe<Scalars['String']['output']>;
  /** PENDING, RUNNING, COMPLETED, FAILED, SKIPPED or COMPENSATED. */
  state: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  cancelInvestigation: CancelResult;
  cancelJob: CancelResult;
  replayInvestigation: Rerun;
  replayJob: Rerun;
  startInvestigation: StartedInvestigation;
  submitJob: SubmitJobResult;
};

export type MutationCancelInvestigationArgs = {
  investigationId: Scalars['ID']['input'];
};

export type MutationCancelJobArgs = {
  jobId: Scalars['ID']['input'];
};

export type MutationReplayInvestigationArgs = {
  input?: InputMaybe<ReplayInput>;
  investigationId: Scalars['ID']['input'];
};

export type MutationReplayJobArgs = {
  input?: InputMaybe<ReplayInput>;
  jobId: Scalars['ID']['input'];
};

export type MutationStartInvestigationArgs = {
  input: InvestigationInput;
};

export type MutationSubmitJobArgs = {
  input: JobInput;
};

export type PriorityQueueStats = {
  __typename?: 'PriorityQueueStats';
  backlogAgeSeconds: Scalars['Float']['output'];
  backlogCount: Scalars['Int']['output'];
  priority: Scalars['String']['output'];
  priorityKey: Scalars['Int']['output'];
  tasksAddRate: Scalars['Float']['output'];
  tasksDispatchRate: Scalars['Float']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Historical analytics per bucket over a window (durations such as 24h and 1h; defaults 24h and 1h), as GET /v1/analytics. */
  analytics: AnalyticsReport;
  investigation: Investigation;
  investigations: InvestigationPage;
  jobStatus: Job;
  jobs: JobPage;
  /** Every agent queue's backlog, age, rates and live pollers, from Temporal. */
  queues: Array<AgentQueue>;
  /** SLA standing of every priority class over a window (a duration such as 24h; default 24h). */
  sla: SlaReport;
  systemStatus: SystemStatus;
  templates: Array<Template>;
};

export type QueryAnalyticsArgs = {
  bucket?: InputMaybe<Scalars['String']['input']>;
  priority?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<Scalars['String']['input']>;
  window?: InputMaybe<Scalars['String']['input']>;
};

export type QueryInvestigationArgs = {
  investigationId: Scalars['ID']['input'];
};

export type QueryInvestigationsArgs = {
  caseId?: InputMaybe<Scalars['String']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
  pageToken?: InputMaybe<Scalars['String']['input']>;
  priority?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<Scalars['String']['input']>;
};

export type QueryJobStatusArgs = {
  jobId: Scalars['ID']['input'];
};

export type QueryJobsArgs = {
  caseId?: InputMaybe<Scalars['String']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
  pageToken?: InputMaybe<Scalars['String']['input']>;
  priority?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<Scalars['String']['input']>;
};

export type QuerySlaArgs = {
  window?: InputMaybe<Scalars['String']['input']>;
};

/** A rerun of a closed job or investigation, as POST /v1/jobs/:id/replay takes it. */
export type ReplayInput = {
  fromStep?: InputMaybe<Scalars['String']['input']>;
  input?: InputMaybe<Scalars['JSON']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type Rerun = {
  __typename?: 'Rerun';
  caller: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** reset: a Temporal reset of the previous run; new-run: a new run with edited input. */
  kind: Scalars['String']['output'];
  previousRunId: Scalars['String']['output'];
  reason: Scalars['String']['output'];
  resetToEventId?: Maybe<Scalars['Int']['output']>;
  runId: Scalars['String']['output'];
  step: Scalars['String']['output'];
};

export type ResourceUsage = {
  __typename?: 'ResourceUsage';
  /** Host CPU use, 0 to 1. */
  cpu: Scalars['Float']['output'];
  /** Host memory use, 0 to 1. */
  memory: Scalars['Float']['output'];
};

export type SlaClass = {
  __typename?: 'SlaClass';
  atRisk: Scalars['Int']['output'];
  breachedInWindow: Scalars['Int']['output'];
  breachedOpen: Scalars['Int']['output'];
  closedInWindow: Scalars['Int']['output'];
  /** Share of the jobs closed in the window that met their SLA; null when none closed. */
  compliance?: Maybe<Scalars['Float']['output']>;
  openJobs: Scalars['Int']['output'];
  priority: Scalars['String']['output'];
  slaMs?: Maybe<Scalars['Float']['output']>;
};

export type SlaReport = {
  __typename?: 'SlaReport';
  classes: Array<SlaClass>;
  since: Scalars['String']['output'];
  windowMs: Scalars['Float']['output'];
};

export type StartedInvestigation = {
  __typename?: 'StartedInvestigation';
  created: Scalars['Boolean']['output'];
  investigationId: Scalars['ID']['output'];
  runId: Scalars['String']['output'];
  status: Scalars['String']['output'];
  workflowId: Scalars['String']['output'];
};

export type SubmitJobResult = {
  __typename?: 'SubmitJobResult';
  /** false when the idempotency key named a job that already existed. */
  created: Scalars['Boolean']['output'];
  /** Seconds from submission to completion, estimated; null when there is nothing to estimate from. */
  estimatedTime?: Maybe<Scalars['Float']['output']>;
  jobId: Scalars['ID']['output'];
  message: Scalars['String']['output'];
  runId: Scalars['String']['output'];
  status: Scalars['String']['output'];
  /** true when the job was accepted (a refusal is a GraphQL error with its code and, for bad input, the failing fields). */
  success: Scalars['Boolean']['output'];
  workflowId: Scalars['String']['output'];
};

/** Over graphql-ws (the graphql-transport-ws protocol) on /graphql, signed in like every request. */
export type Subscription = {
  __typename?: 'Subscription';
  /** Agents' health, when it changes and at the configured interval; one agent with `agent`. */
  agentHealth: AgentHealthUpdate;
  /** An investigation's updates, each step's state included, ending after its terminal status. */
  investigationStatus: JobStatusUpdate;
  /** A job's updates as they happen, ending after its terminal status (COMPLETED, FAILED, CANCELED...). */
  jobStatus: JobStatusUpdate;
};

/** Over graphql-ws (the graphql-transport-ws protocol) on /graphql, signed in like every request. */
export type SubscriptionAgentHealthArgs = {
  agent?: InputMaybe<Scalars['String']['input']>;
};

/** Over graphql-ws (the graphql-transport-ws protocol) on /graphql, signed in like every request. */
export type SubscriptionInvestigationStatusArgs = {
  investigationId: Scalars['ID']['input'];
};

/** Over graphql-ws (the graphql-transport-ws protocol) on /graphql, signed in like every request. */
export type SubscriptionJobStatusArgs = {
  jobId: Scalars['ID']['input'];
};

export type SystemStatus = {
  __typename?: 'SystemStatus';
  activeAgents: Scalars['Int']['output'];
  activeJobs: Scalars['Int']['output'];
  agents: Array<AgentStatus>;
  /** Job counts by status (jobsSubmitted, jobsCompleted, jobsFailed...), of the caller's tenants. */
  metrics: Scalars['JSON']['output'];
  /** healthy when the orchestration worker and every agent have a live poller, else degraded. */
  status: Scalars['String']['output'];
  uptimeSeconds: Scalars['Int']['output'];
};

export type Template = {
  __typename?: 'Template';
  description?: Maybe<Scalars['String']['output']>;
  inputSchema?: Maybe<Scalars['JSON']['output']>;
  name: Scalars['String']['output'];
  steps: Array<TemplateStep>;
  version?: Maybe<Scalars['Int']['output']>;
};

export type TemplateStep = {
  __typename?: 'TemplateStep';
  action?: Maybe<Scalars['String']['output']>;
  agent?: Maybe<Scalars['String']['output']>;
  dependsOn: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  use?: Maybe<Scalars['String']['output']>;
  when?: Maybe<Scalars['String']['output']>;
};

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<
  TResult,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs> | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<
  TResult,
  TKey extends string,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo,
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  obj: T,
  context: TContext,
  info: GraphQLResolveInfo,
) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<
  TResult = Record<PropertyKey, never>,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AgentHealthUpdate: ResolverTypeWrapper<AgentHealthUpdate>;
  AgentQueue: ResolverTypeWrapper<AgentQueue>;
  AgentStatus: ResolverTypeWrapper<AgentStatus>;
  AnalyticsAccuracy: ResolverTypeWrapper<AnalyticsAccuracy>;
  AnalyticsBucket: ResolverTypeWrapper<AnalyticsBucket>;
  AnalyticsCost: ResolverTypeWrapper<AnalyticsCost>;
  AnalyticsPercentiles: ResolverTypeWrapper<AnalyticsPercentiles>;
  AnalyticsReport: ResolverTypeWrapper<AnalyticsReport>;
  AnalyticsSla: ResolverTypeWrapper<AnalyticsSla>;
  AnalyticsTotals: ResolverTypeWrapper<AnalyticsTotals>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CancelResult: ResolverTypeWrapper<CancelResult>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Investigation: ResolverTypeWrapper<Investigation>;
  InvestigationInput: InvestigationInput;
  InvestigationPage: ResolverTypeWrapper<InvestigationPage>;
  InvestigationStep: ResolverTypeWrapper<InvestigationStep>;
  InvestigationSummary: ResolverTypeWrapper<InvestigationSummary>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Job: ResolverTypeWrapper<Job>;
  JobError: ResolverTypeWrapper<JobError>;
  JobInput: JobInput;
  JobPage: ResolverTypeWrapper<JobPage>;
  JobStatusUpdate: ResolverTypeWrapper<JobStatusUpdate>;
  JobStep: ResolverTypeWrapper<JobStep>;
  LiveStep: ResolverTypeWrapper<LiveStep>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PriorityQueueStats: ResolverTypeWrapper<PriorityQueueStats>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReplayInput: ReplayInput;
  Rerun: ResolverTypeWrapper<Rerun>;
  ResourceUsage: ResolverTypeWrapper<ResourceUsage>;
  SlaClass: ResolverTypeWrapper<SlaClass>;
  SlaReport: ResolverTypeWrapper<SlaReport>;
  StartedInvestigation: ResolverTypeWrapper<StartedInvestigation>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SubmitJobResult: ResolverTypeWrapper<SubmitJobResult>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SystemStatus: ResolverTypeWrapper<SystemStatus>;
  Template: ResolverTypeWrapper<Template>;
  TemplateStep: ResolverTypeWrapper<TemplateStep>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AgentHealthUpdate: AgentHealthUpdate;
  AgentQueue: AgentQueue;
  AgentStatus: AgentStatus;
  AnalyticsAccuracy: AnalyticsAccuracy;
  AnalyticsBucket: AnalyticsBucket;
  AnalyticsCost: AnalyticsCost;
  AnalyticsPercentiles: AnalyticsPercentiles;
  AnalyticsReport: AnalyticsReport;
  AnalyticsSla: AnalyticsSla;
  AnalyticsTotals: AnalyticsTotals;
  Boolean: Scalars['Boolean']['output'];
  CancelResult: CancelResult;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Investigation: Investigation;
  InvestigationInput: InvestigationInput;
  InvestigationPage: InvestigationPage;
  InvestigationStep: InvestigationStep;
  InvestigationSummary: InvestigationSummary;
  JSON: Scalars['JSON']['output'];
  Job: Job;
  JobError: JobError;
  JobInput: JobInput;
  JobPage: JobPage;
  JobStatusUpdate: JobStatusUpdate;
  JobStep: JobStep;
  LiveStep: LiveStep;
  Mutation: Record<PropertyKey, never>;
  PriorityQueueStats: PriorityQueueStats;
  Query: Record<PropertyKey, never>;
  ReplayInput: ReplayInput;
  Rerun: Rerun;
  ResourceUsage: ResourceUsage;
  SlaClass: SlaClass;
  SlaReport: SlaReport;
  StartedInvestigation: StartedInvestigation;
  String: Scalars['String']['output'];
  SubmitJobResult: SubmitJobResult;
  Subscription: Record<PropertyKey, never>;
  SystemStatus: SystemStatus;
  Template: Template;
  TemplateStep: TemplateStep;
};

export type AgentHealthUpdateResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['AgentHealthUpdate'] = ResolversParentTypes['AgentHealthUpdate'],
> = {
  agent?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  healthStatus?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  livePollers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resourceUsage?: Resolver<Maybe<ResolversTypes['ResourceUsage']>, ParentType, ContextType>;
  taskQueue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AgentQueueResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['AgentQueue'] = ResolversParentTypes['AgentQueue'],
> = {
  agent?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  backlogAgeSeconds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  backlogCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  byPriority?: Resolver<Array<ResolversTypes['PriorityQueueStats']>, ParentType, ContextType>;
  livePollers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  taskQueue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tasksAddRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  tasksDispatchRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type AgentStatusResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['AgentStatus'] = ResolversParentTypes['AgentStatus'],
> = {
  agent?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  healthy?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  livePollers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  taskQueue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AnalyticsAccuracyResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['AnalyticsAccuracy'] = ResolversParentTypes['AnalyticsAccuracy'],
> = {
  absoluteErrorMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  relativeError?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type AnalyticsBucketResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['AnalyticsBucket'] = ResolversParentTypes['AnalyticsBucket'],
> = {
  canceled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  completed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  durationMs?: Resolver<ResolversTypes['AnalyticsPercentiles'], ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  final?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  queueWaitMs?: Resolver<ResolversTypes['AnalyticsPercentiles'], ParentType, ContextType>;
  sla?: Resolver<ResolversTypes['AnalyticsSla'], ParentType, ContextType>;
  submitted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  terminated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  timedOut?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AnalyticsCostResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['AnalyticsCost'] = ResolversParentTypes['AnalyticsCost'],
> = {
  cachedBuckets?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  countQueries?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  elapsedMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type AnalyticsPercentilesResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['AnalyticsPercentiles'] = ResolversParentTypes['AnalyticsPercentiles'],
> = {
  jobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  p50?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  p95?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type AnalyticsReportResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['AnalyticsReport'] = ResolversParentTypes['AnalyticsReport'],
> = {
  bucketMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  buckets?: Resolver<Array<ResolversTypes['AnalyticsBucket']>, ParentType, ContextType>;
  cost?: Resolver<ResolversTypes['AnalyticsCost'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  percentiles?: Resolver<ResolversTypes['AnalyticsAccuracy'], ParentType, ContextType>;
  priority?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['AnalyticsTotals'], ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  windowMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type AnalyticsSlaResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['AnalyticsSla'] = ResolversParentTypes['AnalyticsSla'],
> = {
  compliance?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  jobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  met?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AnalyticsTotalsResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['AnalyticsTotals'] = ResolversParentTypes['AnalyticsTotals'],
> = {
  canceled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  completed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  submitted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  terminated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  timedOut?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CancelResultResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['CancelResult'] = ResolversParentTypes['CancelResult'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type InvestigationResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['Investigation'] = ResolversParentTypes['Investigation'],
> = {
  caseId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['JobError']>, ParentType, ContextType>;
  estimatedCompletion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  investigationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  outputs?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  priority?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  progress?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  steps?: Resolver<Array<ResolversTypes['InvestigationStep']>, ParentType, ContextType>;
  webUiUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  workflowId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type InvestigationPageResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['InvestigationPage'] = ResolversParentTypes['InvestigationPage'],
> = {
  investigations?: Resolver<Array<ResolversTypes['InvestigationSummary']>, ParentType, ContextType>;
  nextPageToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type InvestigationStepResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['InvestigationStep'] = ResolversParentTypes['InvestigationStep'],
> = {
  action?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  agent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['JobError']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  output?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  skippedBecause?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  use?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  via?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type InvestigationSummaryResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['InvestigationSummary'] = ResolversParentTypes['InvestigationSummary'],
> = {
  caseId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  investigationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  priority?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  webUiUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  workflowId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type JobResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = {
  caseId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dependsOn?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['JobError']>, ParentType, ContextType>;
  estimatedCompletion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  priority?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  progress?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  result?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  step?: Resolver<Maybe<ResolversTypes['JobStep']>, ParentType, ContextType>;
  tenant?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  webUiUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  workflowId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JobErrorResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['JobError'] = ResolversParentTypes['JobError'],
> = {
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type JobPageResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['JobPage'] = ResolversParentTypes['JobPage'],
> = {
  jobs?: Resolver<Array<ResolversTypes['Job']>, ParentType, ContextType>;
  nextPageToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type JobStatusUpdateResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['JobStatusUpdate'] = ResolversParentTypes['JobStatusUpdate'],
> = {
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  caseId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['JobError']>, ParentType, ContextType>;
  estimatedCompletion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  investigationId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  jobId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  jobType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  steps?: Resolver<Maybe<Array<ResolversTypes['LiveStep']>>, ParentType, ContextType>;
  workflowId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JobStepResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['JobStep'] = ResolversParentTypes['JobStep'],
> = {
  activity?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastFailure?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LiveStepResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['LiveStep'] = ResolversParentTypes['LiveStep'],
> = {
  agent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation'],
> = {
  cancelInvestigation?: Resolver<
    ResolversTypes['CancelResult'],
    ParentType,
    ContextType,
    RequireFields<MutationCancelInvestigationArgs, 'investigationId'>
  >;
  cancelJob?: Resolver<ResolversTypes['CancelResult'], ParentType, ContextType, RequireFields<MutationCancelJobArgs, 'jobId'>>;
  replayInvestigation?: Resolver<
    ResolversTypes['Rerun'],
    ParentType,
    ContextType,
    RequireFields<MutationReplayInvestigationArgs, 'investigationId'>
  >;
  replayJob?: Resolver<ResolversTypes['Rerun'], ParentType, ContextType, RequireFields<MutationReplayJobArgs, 'jobId'>>;
  startInvestigation?: Resolver<
    ResolversTypes['StartedInvestigation'],
    ParentType,
    ContextType,
    RequireFields<MutationStartInvestigationArgs, 'input'>
  >;
  submitJob?: Resolver<ResolversTypes['SubmitJobResult'], ParentType, ContextType, RequireFields<MutationSubmitJobArgs, 'input'>>;
};

export type PriorityQueueStatsResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['PriorityQueueStats'] = ResolversParentTypes['PriorityQueueStats'],
> = {
  backlogAgeSeconds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  backlogCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  priorityKey?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tasksAddRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  tasksDispatchRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type QueryResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query'],
> = {
  analytics?: Resolver<ResolversTypes['AnalyticsReport'], ParentType, ContextType, Partial<QueryAnalyticsArgs>>;
  investigation?: Resolver<
    ResolversTypes['Investigation'],
    ParentType,
    ContextType,
    RequireFields<QueryInvestigationArgs, 'investigationId'>
  >;
  investigations?: Resolver<ResolversTypes['InvestigationPage'], ParentType, ContextType, Partial<QueryInvestigationsArgs>>;
  jobStatus?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<QueryJobStatusArgs, 'jobId'>>;
  jobs?: Resolver<ResolversTypes['JobPage'], ParentType, ContextType, Partial<QueryJobsArgs>>;
  queues?: Resolver<Array<ResolversTypes['AgentQueue']>, ParentType, ContextType>;
  sla?: Resolver<ResolversTypes['SlaReport'], ParentType, ContextType, Partial<QuerySlaArgs>>;
  systemStatus?: Resolver<ResolversTypes['SystemStatus'], ParentType, ContextType>;
  templates?: Resolver<Array<ResolversTypes['Template']>, ParentType, ContextType>;
};

export type RerunResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['Rerun'] = ResolversParentTypes['Rerun'],
> = {
  caller?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  previousRunId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resetToEventId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  step?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ResourceUsageResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['ResourceUsage'] = ResolversParentTypes['ResourceUsage'],
> = {
  cpu?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  memory?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SlaClassResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['SlaClass'] = ResolversParentTypes['SlaClass'],
> = {
  atRisk?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  breachedInWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  breachedOpen?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  closedInWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  compliance?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  openJobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slaMs?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type SlaReportResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['SlaReport'] = ResolversParentTypes['SlaReport'],
> = {
  classes?: Resolver<Array<ResolversTypes['SlaClass']>, ParentType, ContextType>;
  since?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  windowMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type StartedInvestigationResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['StartedInvestigation'] = ResolversParentTypes['StartedInvestigation'],
> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  investigationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workflowId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubmitJobResultResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['SubmitJobResult'] = ResolversParentTypes['SubmitJobResult'],
> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  estimatedTime?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  success?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  workflowId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubscriptionResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription'],
> = {
  agentHealth?: SubscriptionResolver<
    ResolversTypes['AgentHealthUpdate'],
    'agentHealth',
    ParentType,
    ContextType,
    Partial<SubscriptionAgentHealthArgs>
  >;
  investigationStatus?: SubscriptionResolver<
    ResolversTypes['JobStatusUpdate'],
    'investigationStatus',
    ParentType,
    ContextType,
    RequireFields<SubscriptionInvestigationStatusArgs, 'investigationId'>
  >;
  jobStatus?: SubscriptionResolver<
    ResolversTypes['JobStatusUpdate'],
    'jobStatus',
    ParentType,
    ContextType,
    RequireFields<SubscriptionJobStatusArgs, 'jobId'>
  >;
};

export type SystemStatusResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['SystemStatus'] = ResolversParentTypes['SystemStatus'],
> = {
  activeAgents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  activeJobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  agents?: Resolver<Array<ResolversTypes['AgentStatus']>, ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uptimeSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TemplateResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['Template'] = ResolversParentTypes['Template'],
> = {
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inputSchema?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  steps?: Resolver<Array<ResolversTypes['TemplateStep']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type TemplateStepResolvers<
  ContextType = GraphQLContext,
  ParentType extends ResolversParentTypes['TemplateStep'] = ResolversParentTypes['TemplateStep'],
> = {
  action?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  agent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dependsOn?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  use?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  when?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  AgentHealthUpdate?: AgentHealthUpdateResolvers<ContextType>;
  AgentQueue?: AgentQueueResolvers<ContextType>;
  AgentStatus?: AgentStatusResolvers<ContextType>;
  AnalyticsAccuracy?: AnalyticsAccuracyResolvers<ContextType>;
  AnalyticsBucket?: AnalyticsBucketResolvers<ContextType>;
  AnalyticsCost?: AnalyticsCostResolvers<ContextType>;
  AnalyticsPercentiles?: AnalyticsPercentilesResolvers<ContextType>;
  AnalyticsReport?: AnalyticsReportResolvers<ContextType>;
  AnalyticsSla?: AnalyticsSlaResolvers<ContextType>;
  AnalyticsTotals?: AnalyticsTotalsResolvers<ContextType>;
  CancelResult?: CancelResultResolvers<ContextType>;
  Investigation?: InvestigationResolvers<ContextType>;
  InvestigationPage?: InvestigationPageResolvers<ContextType>;
  InvestigationStep?: InvestigationStepResolvers<ContextType>;
  InvestigationSummary?: InvestigationSummaryResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  JobError?: JobErrorResolvers<ContextType>;
  JobPage?: JobPageResolvers<ContextType>;
  JobStatusUpdate?: JobStatusUpdateResolvers<ContextType>;
  JobStep?: JobStepResolvers<ContextType>;
  LiveStep?: LiveStepResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PriorityQueueStats?: PriorityQueueStatsResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Rerun?: RerunResolvers<ContextType>;
  ResourceUsage?: ResourceUsageResolvers<ContextType>;
  SlaClass?: SlaClassResolvers<ContextType>;
  SlaReport?: SlaReportResolvers<ContextType>;
  StartedInvestigation?: StartedInvestigationResolvers<ContextType>;
  SubmitJobResult?: SubmitJobResultResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SystemStatus?: SystemStatusResolvers<ContextType>;
  Template?: TemplateResolvers<ContextType>;
  TemplateStep?: TemplateStepResolvers<ContextType>;
};
