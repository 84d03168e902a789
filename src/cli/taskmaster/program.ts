/**
 * The `taskmaster` command's table: every subcommand (a verb) and its flags, in the manner of the `temporal` CLI.
 * Global: --url (else TASKMASTER_URL), --token (else TASKMASTER_TOKEN), --json. Each action returns its exit code.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { TaskmasterClient } from '../../client';
import type { StartInvestigationRequest, SubmitJobRequest } from '../../client/api-types';
import { mintLocalTokenFromConfig, parseTokenFlags } from '../local-token';
import { jsonArgument } from './json-argument';
import { outputOf, statusColour, type Output } from './output';
import { watchCommand } from './watch-command';

interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

const positiveInt = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number from 1');
  return number;
};

/** Builds the program; `done(code)` receives each command's exit code. */
export function taskmasterProgram(done: (code: number) => void): Command {
  const program = new Command('taskmaster')
    .description("Taskmaster's command line: submit and follow jobs and investigations, read queues and SLA")
    .option('--url <url>', 'the API base URL (default: TASKMASTER_URL, else http://127.0.0.1:3000)')
    .option('--token <token>', 'a bearer token (default: TASKMASTER_TOKEN)')
    .option('--json', 'print JSON (for scripts)')
    .showHelpAfterError()
    // Before the subcommands are added, which inherit it: a usage error is thrown (exit 2), never process.exit(1).
    .exitOverride();

  const context = (command: Command): { client: TaskmasterClient; output: Output } => {
    const options = command.optsWithGlobals<GlobalOptions>();
    const client = new TaskmasterClient({
      ...(options.url === undefined ? {} : { baseUrl: options.url }),
      ...(options.token === undefined ? {} : { token: options.token }),
    });
    return { client, output: outputOf(options.json === true) };
  };
  /** Wraps an action: its exit code (0 unless it says otherwise) goes to done. */
  const run =
    <A extends unknown[]>(action: (...args: A) => Promise<number | void>) =>
    async (...args: A): Promise<void> => {
      done((await action(...args)) ?? 0);
    };

  program
    .command('submit')
    .description('submit a job of a type (with --data), or start an investigation (with --template or --definition)')
    .argument('[type]', 'a job type, e.g. FRAUD_DETECTION')
    .option('--data <json>', "the job's input: JSON or @file.json")
    .option('--template <name>', 'start an investigation from a shipped template')
    .option('--definition <json>', 'start an investigation from an inline definition: JSON or @file.json')
    .option('--input <json>', "the investigation's input: JSON or @file.json")
    .option('--priority <class>', 'CRITICAL, HIGH, NORMAL, LOW or MAINTENANCE')
    .option('--case <caseId>', 'the case the work belongs to')
    .option('--name <name>', "the job's name")
    .option('--tenant <tenant>', 'the tenant (admins without a tenant only)')
    .option('--idempotency-key <key>', 'submitting again with the same key answers the same job')
    .option('--watch', 'then watch it until it closes')
    .action(
      run(async (type: string | undefined, flags: Record<string, string | boolean | undefined>, command: Command) => {
        const { client, output } = context(command);
        const common = {
          ...(flags.priority === undefined ? {} : { priority: flags.priority as SubmitJobRequest['priority'] }),
          ...(flags.case === undefined ? {} : { caseId: String(flags.case) }),
          ...(flags.tenant === undefined ? {} : { tenant: String(flags.tenant) }),
          ...(flags.idempotencyKey === undefined ? {} : { idempotencyKey: String(flags.idempotencyKey) }),
        };
        let id: string;
        if (flags.template !== undefined || flags.definition !== undefined) {
          const request: StartInvestigationRequest = {
            ...common,
            ...(flags.template === undefined ? {} : { template: String(flags.template) }),
            ...(flags.definition === undefined ? {} : { definition: jsonArgument(String(flags.definition)) }),
            input: flags.input === undefined ? {} : (jsonArgument(String(flags.input)) as Record<string, unknown>),
          };
          const started = await client.startInvestigation(request);
          output.result(started, () => [`investigation ${started.investigationId} started (${started.status})`]);
          id = started.investigationId;
        } else {
          if (type === undefined) throw new InvalidArgumentError('give a job type (with --data), or --template / --definition');
          const request: SubmitJobRequest = {
            type,
            ...common,
            ...(flags.name === undefined ? {} : { name: String(flags.name) }),
            data: flags.data === undefined ? {} : (jsonArgument(String(flags.data)) as Record<string, unknown>),
          };
          const submitted = await client.submitJob(request);
          output.result(submitted, () => [`job ${submitted.jobId} submitted (${submitted.status})`]);
          id = submitted.jobId;
        }
        return flags.watch === true ? watchCommand(client, id, output) : 0;
      }),
    );

  program
    .command('status')
    .description("a job's or investigation's status, result or error")
    .argument('<id>', 'a job id or an investigation id')
    .action(
      run(async (id: string, _flags: unknown, command: Command) => {
        const { client, output } = context(command);
        const target = await client.resolveTarget(id);
        const details = target.kind === 'job' ? target.job : target.investigation;
        output.result(details, () => {
          const lines = [`${target.kind} ${id}: ${statusColour(details.status)}`];
          if (target.kind === 'investigation')
            lines.push(...target.investigation.steps.map((s) => `  ${s.name}: ${statusColour(s.state)}`));
          if (details.error) lines.push(`error: ${details.error.message}`);
          const result = target.kind === 'job' ? target.job.result : target.investigation.outputs;
          if (result !== undefined) lines.push('result:', JSON.stringify(result, null, 2));
          return lines;
        });
      }),
    );

  program
    .command('list')
    .description('jobs (or investigations), newest first')
    .option('--investigations', 'list investigations instead of jobs')
    .option('--status <status>', 'RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED or TIMED_OUT')
    .option('--type <type>', 'a job type')
    .option('--priority <class>', 'a priority class')
    .option('--case <caseId>', 'a case id')
    .option('--page-size <n>', 'how many (1-1000, default 50)', positiveInt)
    .option('--page-token <token>', 'the nextPageToken of a previous page')
    .action(
      run(async (flags: Record<string, string | number | boolean | undefined>, command: Command) => {
        const { client, output } = context(command);
        const query = {
          status: flags.status as never,
          priority: flags.priority as never,
          caseId: flags.case as string | undefined,
          pageSize: flags.pageSize as number | undefined,
          pageToken: flags.pageToken as string | undefined,
        };
        if (flags.investigations === true) {
          const page = await client.listInvestigations(query);
          output.result(page, () =>
            page.investigations.map((i) => `${i.investigationId}  ${statusColour(i.status)}  ${i.name ?? ''}  ${i.startedAt}`),
          );
        } else {
          const page = await client.listJobs({ ...query, type: flags.type as string | undefined });
          output.result(page, () =>
            page.jobs.map((j) => `${j.jobId}  ${statusColour(j.status)}  ${j.type ?? ''}  ${j.priority ?? ''}  ${j.startedAt}`),
          );
        }
      }),
    );

  program
    .command('watch')
    .description('follow a job or investigation live (a progress bar per step) until it closes; exit 0 only if it completed')
    .argument('<id>', 'a job id or an investigation id')
    .action(
      run(async (id: string, _flags: unknown, command: Command) => {
        const { client, output } = context(command);
        return watchCommand(client, id, output);
      }),
    );

  program
    .command('cancel')
    .description('cancel a running job or investigation')
    .argument('<id>', 'a job id or an investigation id')
    .action(
      run(async (id: string, _flags: unknown, command: Command) => {
        const { client, output } = context(command);
        const target = await client.resolveTarget(id);
        const answer = target.kind === 'job' ? await client.cancelJob(id) : await client.cancelInvestigation(id);
        output.result(answer, () => [`${target.kind} ${id}: ${answer.status}`]);
      }),
    );

  program
    .command('replay')
    .description('rerun a closed job or investigation, from a step, optionally with a new input')
    .argument('<id>', 'a job id or an investigation id')
    .option('--from-step <step>', "the investigation's step to rerun from")
    .option('--input <json>', "a new input for that step (a job's new data): JSON or @file.json")
    .option('--reason <text>', 'why, recorded with the new run')
    .action(
      run(async (id: string, flags: Record<string, string | undefined>, command: Command) => {
        const { client, output } = context(command);
        const request = {
          ...(flags.fromStep === undefined ? {} : { fromStep: flags.fromStep }),
          ...(flags.input === undefined ? {} : { input: jsonArgument(flags.input) }),
          ...(flags.reason === undefined ? {} : { reason: flags.reason }),
        };
        const target = await client.resolveTarget(id);
        const rerun = target.kind === 'job' ? await client.replayJob(id, request) : await client.replayInvestigation(id, request);
        output.result(rerun, () => [`${target.kind} ${id}: ${rerun.kind} from ${rerun.step}, new run ${rerun.runId}`]);
      }),
    );

  program
    .command('queues')
    .description("each agent queue's backlog, age, rates and live pollers")
    .argument('[agent]', 'one agent only')
    .action(
      run(async (agent: string | undefined, _flags: unknown, command: Command) => {
        const { client, output } = context(command);
        const queues = agent === undefined ? (await client.queues()).queues : [await client.queue(agent)];
        output.result(agent === undefined ? { queues } : queues[0], () => [
          'agent            backlog  age(s)  add/s  dispatch/s  pollers',
          ...queues.map(
            (q) =>
              `${q.agent.padEnd(16)} ${String(q.backlogCount).padStart(7)} ${q.backlogAgeSeconds.toFixed(0).padStart(7)} ` +
              `${q.tasksAddRate.toFixed(2).padStart(6)} ${q.tasksDispatchRate.toFixed(2).padStart(11)} ` +
              String(q.livePollers).padStart(8),
          ),
        ]);
      }),
    );

  program
    .command('sla')
    .description('SLA standing of every priority class over a window')
    .option('--window <duration>', 'e.g. 1h, 24h, 7d (default 24h)')
    .action(
      run(async (flags: { window?: string }, command: Command) => {
        const { client, output } = context(command);
        const report = await client.sla(flags.window);
        output.result(report, () => [
          `since ${report.since}`,
          'class        open  at-risk  breached  closed  compliance',
          ...report.classes.map(
            (c) =>
              `${c.priority.padEnd(12)} ${String(c.openJobs).padStart(4)} ${String(c.atRisk).padStart(8)} ` +
              `${String(c.breachedOpen).padStart(9)} ${String(c.closedInWindow).padStart(7)} ` +
              (c.compliance === null ? '        -' : `${(c.compliance * 100).toFixed(1).padStart(8)}%`),
          ),
        ]);
      }),
    );

  program
    .command('token')
    .description('mint a token with the local signing key (auth.mode local; honours TASKMASTER_CONFIG, TASKMASTER_DATA_DIR)')
    .addOption(new Option('--role <role>', 'the role').choices(['viewer', 'investigator', 'admin']).makeOptionMandatory())
    .option('--tenant <tenant>', 'the tenant the token acts for')
    .option('--sub <name>', 'the subject (default local-<role>)')
    .option('--ttl <duration>', 'how long it is valid, e.g. 1h (default 1h, at most 30d)')
    .action(
      run(async (flags: Record<string, string | undefined>, command: Command) => {
        const { output } = context(command);
        const definedFlags = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
        const token = await mintLocalTokenFromConfig(parseTokenFlags(definedFlags));
        output.result({ token }, () => [token]);
      }),
    );

  return program;
}
