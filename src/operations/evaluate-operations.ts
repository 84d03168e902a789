import type { Client } from '@temporalio/client';
import { agentsHealth } from '../agents-health';
import { priorityClasses, type TaskmasterConfig } from '../config/schema';
import { investigationWorkflowType } from '../contracts/investigation-workflow';
import { jobWorkflowType } from '../contracts/job-workflow';
import type { OpsCondition, OpsEvaluation } from '../contracts/ops-alert';
import { allAgentQueues, type AgentQueueStatus } from '../system/queue-status';
import { deploymentWorkflows } from '../temporal/visibility-query';

/** At most this many failed runs are read per evaluation; the rest are read at the next one (the cursor stays). */
const failedRunsPerEvaluation = 200;

/**
 * What holds now, for the deployment's monitor workflow to turn into incidents: agents down, classes whose oldest
 * waiting step is too old (paused queues left out: their backlog waits on purpose), a failure rate over its
 * threshold, and the job and investigation runs that failed since `failuresSince`. Each rule reads Temporal only.
 */
export async function evaluateOperations(
  config: TaskmasterConfig,
  client: Client,
  failuresSince: string,
  now = new Date(),
): Promise<OpsEvaluation> {
  const rules = config.operations.alerts;
  // Read once: agent health and the backlog rule both look at the agents' queues.
  const queues = await allAgentQueues(config, client);
  const [agentConditions, rateConditions, failedConditions] = await Promise.all([
    rules.agentDown ? agentDownConditions(config, client, now, queues) : [],
    failureRateConditions(config, client, now),
    rules.jobFailed ? failedRunConditions(config, client, failuresSince) : [],
  ]);
  const backlogConditions = backlogAgeConditions(config, queues);
  return {
    conditions: [...agentConditions, ...backlogConditions, ...rateConditions, ...failedConditions],
    checkedAt: now.toISOString(),
    evaluateEveryMs: rules.evaluateEvery,
  };
}

async function agentDownConditions(
  config: TaskmasterConfig,
  client: Client,
  now: Date,
  queues: readonly AgentQueueStatus[],
): Promise<OpsCondition[]> {
  return (await agentsHealth(config, client, now, queues))
    .filter((agent) => agent.healthStatus === 'down')
    .map((agent) => ({
      incidentKey: `AGENT_DOWN/${agent.agent}`,
      event: 'AGENT_DOWN',
      subject: agent.agent,
      summary: `agent ${agent.agent} is down: ${agent.reasons.join('; ')}`,
      details: { taskQueue: agent.taskQueue, reasons: agent.reasons, backlogCount: agent.queue.backlogCount },
    }));
}

function backlogAgeConditions(config: TaskmasterConfig, allQueues: readonly AgentQueueStatus[]): OpsCondition[] {
  const thresholds = config.operations.alerts.backlogAge;
  const queues = allQueues.filter((queue) => !queue.paused);
  return priorityClasses.flatMap((priority): OpsCondition[] => {
    const maxAgeMs = thresholds[priority];
    if (maxAgeMs === null) return [];
    const old = queues.filter((queue) => queue.byPriority[priority].backlogAgeSeconds * 1000 > maxAgeMs);
    if (old.length === 0) return [];
    const oldestSeconds = Math.max(...old.map((queue) => queue.byPriority[priority].backlogAgeSeconds));
    return [
      {
        incidentKey: `BACKLOG_AGE/${priority}`,
        event: 'BACKLOG_AGE',
        subject: priority,
        summary: `the oldest waiting ${priority} step has waited ${Math.round(oldestSeconds)} s (threshold ${maxAgeMs / 1000} s)`,
        details: { priority, oldestSeconds, thresholdSeconds: maxAgeMs / 1000, agents: old.map((queue) => queue.agent) },
      },
    ];
  });
}

async function failureRateConditions(config: TaskmasterConfig, client: Client, now: Date): Promise<OpsCondition[]> {
  const { window, threshold, minJobs } = config.operations.alerts.failureRate;
  const closed = deploymentWorkflows(config, jobWorkflowType, investigationWorkflowType)
    .notEquals('ExecutionStatus', 'Running')
    .atLeast('CloseTime', new Date(now.getTime() - window));
  const [all, failed] = await Promise.all([
    client.workflow.count(closed.toString()),
    client.workflow.count(closed.equals('ExecutionStatus', 'Failed').toString()),
  ]);
  if (all.count < minJobs || failed.count / all.count <= threshold) return [];
  const rate = Math.round((failed.count / all.count) * 1000) / 1000;
  return [
    {
      incidentKey: 'FAILURE_RATE',
      event: 'FAILURE_RATE',
      subject: 'deployment',
      summary: `${failed.count} of ${all.count} jobs and investigations closed in the last ${window / 1000} s failed (over ${threshold})`,
      details: { failed: failed.count, closed: all.count, rate, threshold, windowSeconds: window / 1000 },
    },
  ];
}

async function failedRunConditions(config: TaskmasterConfig, client: Client, since: string): Promise<OpsCondition[]> {
  const query = deploymentWorkflows(config, jobWorkflowType, investigationWorkflowType)
    .equals('ExecutionStatus', 'Failed')
    .atLeast('CloseTime', since)
    .toString();
  const conditions: OpsCondition[] = [];
  for await (const run of client.workflow.list({ query, pageSize: failedRunsPerEvaluation })) {
    const kind = run.type === investigationWorkflowType ? 'investigation' : 'job';
    conditions.push({
      incidentKey: `JOB_FAILED/${run.workflowId}/${run.runId}`,
      event: 'JOB_FAILED',
      subject: run.workflowId,
      summary: `${kind} ${run.workflowId} failed`,
      details: {
        kind,
        workflowId: run.workflowId,
        runId: run.runId,
        closedAt: run.closeTime?.toISOString() ?? null,
        jobType: stringAttribute(run.searchAttributes, 'TaskmasterJobType'),
        priority: stringAttribute(run.searchAttributes, 'TaskmasterPriority'),
        caseId: stringAttribute(run.searchAttributes, 'TaskmasterCaseId'),
      },
    });
    if (conditions.length >= failedRunsPerEvaluation) break;
  }
  return conditions;
}

const stringAttribute = (attributes: Record<string, unknown> | undefined, name: string): string | null => {
  const value = attributes?.[name];
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === 'string' ? first : null;
};
