/**
 * `npm run histories:record`: runs each recorded workflow shape against a fresh dev server and writes its history
 * to tests/histories/<shape>.json (the format of `temporal workflow show --output json`). `npm test` replays them
 * against the current code, so a change that breaks a recorded shape fails before it is deployed. Re-record only
 * when a change is meant to be incompatible (and then guard the old code path with patched()), and keep a history
 * of the old path under another name (as job-sla-escalated-before-sla-alerts-patch.json and
 * sla-alert-sent-before-local-delivery-patch.json).
 * `npm run histories:record -- job-with-dependency job-dependency-with-dependants` writes only the shapes named.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SlaBreachedAttribute } from '../../src/contracts/search-attributes';
import { loadConfig } from '../../src/config/load-config';
import { startDevServer } from '../../src/dev-server/dev-server';
import { findOrInstallTemporalCli } from '../../src/dev-server/temporal-cli';
import { createLogger } from '../../src/logging/logger';
import { startBadJobAroundFacade } from '../integration/harness/bypass-facade';
import { writeConfigVariant } from '../integration/harness/config-variant';
import { freePort } from '../integration/harness/free-port';
import { eventually, startTestStack, type TestStack } from '../integration/harness/test-stack';
import { auditLogWorkflowId, jobIdFromWorkflowId, slaAlertWorkflowId } from '../../src/contracts/workflow-ids';
import { auditLogWorkflowType } from '../../src/contracts/audit-log';
import { orchestrationTaskQueue } from '../../src/config/task-queues';
import { registerDependantSignal } from '../../src/contracts/job-dependencies';
import { ensureOpsMonitor } from '../../src/operations/ops-monitor';
import { jobWorkflowType } from '../../src/contracts/job-workflow';
import { jobStart } from '../../src/jobs/job-start';
import { newJobId } from '../../src/jobs/request-fingerprint';

const root = path.resolve(__dirname, '../..');
const fixture = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-record-'));
  const port = await freePort();
  const serverConfig = loadConfig(path.join(root, 'temporal.yaml'), {
    TASKMASTER_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    TEMPORAL_UI_PORT: String(await freePort()),
  });
  serverConfig.devServer.headless = true;
  const cli = (await findOrInstallTemporalCli(serverConfig.devServer.cliVersion)).path;
  const server = await startDevServer(cli, serverConfig, createLogger({}, 'warn'));
  process.env.TASKMASTER_TEST_TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
  process.env.TASKMASTER_TEST_DATA_DIR = dataDir;
  process.env.JOURNAL_FILE = path.join(dataDir, 'journal.log');
  const configFile = writeConfigVariant((config) => {
    (config.priorities!.HIGH as Record<string, unknown>).sla = '3s';
    config.sla = { warningFraction: 0.5 };
    // Committed histories are replayed by every checkout, which has no keys: record them in clear (the data is synthetic).
    config.encryption = { enabled: false };
    // The ops monitor evaluates every second; workers heartbeat every second in the test stack (harness/test-stack.ts).
    config.operations = { agentHealth: { heartbeatInterval: '1s', staleAfter: '5s' }, alerts: { evaluateEvery: '1s' } };
    config.agents!.journal = { taskQueue: 'agent-journal', module: path.join(root, 'tests/fixtures/agents/journal-agent.ts') };
    for (const action of ['postEntry', 'reverseEntry', 'checkBalance']) {
      config.jobTypes![`JOURNAL_${action.toUpperCase()}`] = { agent: 'journal', action, retryPolicy: 'immediate' };
    }
  });
  const stack = await startTestStack({ configFile });
  try {
    await stack.startWorkers({ agents: ['reconciliation', 'fraud', 'evidence', 'litigation', 'compliance', 'journal'] });
    const recorded: Array<[string, string, string?]> = [];
    // The audit log's first run, made small: the writes below fill it (accepted and refused entries) and it continues as new.
    const taskQueue = orchestrationTaskQueue(stack.config);
    const auditLog = await stack.client.workflow.start(auditLogWorkflowType, {
      workflowId: auditLogWorkflowId(taskQueue),
      taskQueue,
      args: [{ maxRecordsPerRun: 3 }],
    });
    await stack.http().post('/v1/jobs/no-such-job/cancel').expect(404);
    recorded.push(['audit-log-continued', auditLog.workflowId, auditLog.firstExecutionRunId]);

    const escalated = await submitJob(stack, {
      type: 'RISK_ASSESSMENT',
      priority: 'HIGH',
      caseId: 'CASE-REC',
      data: { entity: { id: 'E-1', name: 'Escalated Ltd' } },
    });
    await eventually(
      async () =>
        (await stack.client.workflow.getHandle(escalated).describe()).typedSearchAttributes.get(SlaBreachedAttribute) ? true : undefined,
      30_000,
    );
    // Warning and deadline at one instant (as when the warning was missed): one alert workflow delivers both.
    const warnedAtBreach = await startWithWarningAtDeadline(stack, {
      type: 'RISK_ASSESSMENT',
      priority: 'HIGH',
      caseId: 'CASE-REC',
      data: { entity: { id: 'E-2', name: 'Late Warning Ltd' } },
    });
    await eventually(
      async () =>
        (await stack.client.workflow.getHandle(warnedAtBreach).describe()).typedSearchAttributes.get(SlaBreachedAttribute)
          ? true
          : undefined,
      30_000,
    );
    const canceled = await submitJob(stack, { type: 'JOB_EXPLANATION', data: { jobId: 'anything' } });
    await stack.client.workflow.getHandle(canceled).cancel();
    // A dependency that is still open when its dependant registers (no risk worker yet): both sides of the wait.
    const dependency = await submitJob(stack, fixture('tests/fixtures/jobs/RISK_ASSESSMENT.json'));
    const dependant = await submitJob(stack, { ...fixture('tests/fixtures/jobs/FRAUD_DETECTION.json'), dependsOn: [jobIdOf(dependency)] });
    await eventually(async () => {
      const { events } = await stack.client.workflow.getHandle(dependency).fetchHistory();
      return events?.some((event) => event.workflowExecutionSignaledEventAttributes?.signalName === registerDependantSignal.name)
        ? true
        : undefined;
    });
    recorded.push(['job-with-dependency', dependant], ['job-dependency-with-dependants', dependency]);
    // The ops monitor sees the risk agent down (no worker yet), then recovered, and the bad job below fail.
    const monitorId = await ensureOpsMonitor(stack.config, stack.client);
    const opsAlert = (...fragments: string[]): Promise<string> =>
      eventually(async () => {
        for await (const run of stack.client.workflow.list({ query: `WorkflowType = 'opsAlertWorkflow' AND TaskQueue = '${taskQueue}'` })) {
          if (fragments.every((fragment) => run.workflowId.includes(fragment))) return run.workflowId;
        }
        return undefined;
      }, 60_000);
    const riskDown = await opsAlert('/AGENT_DOWN/risk/');
    await stack.startWorkers({ agents: ['risk'], orchestration: false });
    recorded.push(['job-sla-escalated', escalated], ['job-canceled', canceled]);
    const escalatedRun = (await stack.client.workflow.getHandle(escalated).describe()).runId;
    recorded.push(['sla-alert-sent', slaAlertWorkflowId(escalatedRun, 'SLA_BREACH')]);
    const warnedAtBreachRun = (await stack.client.workflow.getHandle(warnedAtBreach).describe()).runId;
    recorded.push(
      ['job-sla-warning-with-breach', warnedAtBreach],
      ['sla-alerts-sent-together', slaAlertWorkflowId(warnedAtBreachRun, 'SLA_WARNING')],
    );

    recorded.push(['job-completed', await submitJob(stack, fixture('tests/fixtures/jobs/RISK_ASSESSMENT.json'))]);
    recorded.push(['job-failed-invalid-data', await startBadJobAroundFacade(stack.client, stack.config, `recorded-bad-${Date.now()}`)]);
    recorded.push([
      'investigation-completed',
      await startInvestigation(stack, fixture('tests/fixtures/investigations/fraud-investigation.json')),
    ]);
    recorded.push([
      'investigation-compensated',
      await startInvestigation(stack, {
        definition: {
          name: 'saga',
          version: 1,
          steps: [
            {
              name: 'first',
              agent: 'journal',
              action: 'postEntry',
              input: { entryId: 'R-1' },
              compensate: { agent: 'journal', action: 'reverseEntry' },
            },
            { name: 'second', agent: 'journal', action: 'checkBalance', input: { entryId: 'R-2', fail: true }, dependsOn: ['first'] },
          ],
        },
      }),
    ]);
    recorded.push([
      'investigation-fallback-and-skip',
      await startInvestigation(stack, {
        input: { audit: false },
        definition: {
          name: 'fallback',
          version: 1,
          steps: [
            {
              name: 'check',
              agent: 'journal',
              action: 'checkBalance',
              input: { entryId: 'R-3', fail: true },
              onFailure: { fallback: { agent: 'journal', action: 'postEntry' } },
            },
            { name: 'audit', agent: 'journal', action: 'postEntry', input: { entryId: 'R-4' }, when: 'input.audit', dependsOn: ['check'] },
          ],
        },
      }),
    ]);

    await opsAlert('/JOB_FAILED/');
    await opsAlert('/AGENT_DOWN/risk/', '/RESOLVED');
    // The monitor never ends on its own (it continues as new): its first run is recorded up to a termination.
    await stack.client.workflow.getHandle(monitorId).terminate('recorded');
    recorded.push(['ops-monitor', monitorId], ['ops-alert-sent', riskDown]);

    const only = process.argv.slice(2);
    for (const [shape, workflowId, runId] of recorded.filter(([name]) => only.length === 0 || only.includes(name))) {
      await eventually(
        async () => ((await stack.client.workflow.getHandle(workflowId, runId).describe()).status.name === 'RUNNING' ? undefined : true),
        60_000,
      );
      // Exported exactly as a user would: `temporal workflow show --output json`.
      const json = execFileSync(
        cli,
        [
          'workflow',
          'show',
          '--address',
          `127.0.0.1:${port}`,
          '--workflow-id',
          workflowId,
          ...(runId ? ['--run-id', runId] : []),
          '--output',
          'json',
        ],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      ).toString('utf8');
      writeFileSync(path.join(__dirname, `${shape}.json`), json);
      console.log(`recorded ${shape} (${(JSON.parse(json) as { events: unknown[] }).events.length} events)`);
    }
  } finally {
    await stack.stop();
    await server.stop();
  }
}

const jobIdOf = (workflowId: string): string => jobIdFromWorkflowId(workflowId) ?? workflowId;

async function submitJob(stack: TestStack, body: Record<string, unknown>): Promise<string> {
  const response = await stack.http().post('/v1/jobs').send(body).expect(202);
  return response.body.workflowId as string;
}

/** A job started as the facade starts it, but with its SLA warning at its deadline. */
async function startWithWarningAtDeadline(
  stack: TestStack,
  request: { type: string; priority: 'HIGH'; caseId: string; data: Record<string, unknown> },
): Promise<string> {
  const { options } = jobStart(stack.config, request, newJobId(undefined, undefined), new Date(), 'recorder');
  const [input] = options.args;
  if (input.sla) input.sla.warningAt = input.sla.deadline;
  const handle = await stack.client.workflow.start(jobWorkflowType, options);
  return handle.workflowId;
}

async function startInvestigation(stack: TestStack, body: Record<string, unknown>): Promise<string> {
  const response = await stack.http().post('/v1/investigations').send(body).expect(202);
  return response.body.workflowId as string;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
