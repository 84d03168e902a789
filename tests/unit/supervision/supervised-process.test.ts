import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { superviseProcess, type SupervisedProcess } from '../../../src/supervision/supervised-process';

/**
 * A child that reports ready over IPC, then behaves as `mode` says: crash once (exit 3 the first time, run the
 * next), exit before it is ready, or run until SIGTERM.
 */
const childScript = `
const fs = require('node:fs');
const mode = process.env.MODE;
if (mode === 'fail-at-start') process.exit(2);
const firstRun = !fs.existsSync(process.env.MARK);
fs.writeFileSync(process.env.MARK, 'ran');
process.on('SIGTERM', () => process.exit(0));
process.send({ type: 'ready', taskQueues: ['q'] });
if (mode === 'crash-once' && firstRun) setTimeout(() => process.exit(3), 20);
setInterval(() => undefined, 1000);
`;

describe('a supervised child process', () => {
  let dir: string;
  let lines: Array<{ msg: string; pid?: number; restartInMs?: number }>;
  let supervised: SupervisedProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-supervision-'));
    lines = [];
  });
  afterEach(async () => {
    await supervised?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (mode: string): SupervisedProcess => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as (typeof lines)[number]);
        done();
      },
    });
    supervised = superviseProcess({
      name: `test ${mode}`,
      command: process.execPath,
      args: ['-e', childScript],
      cwd: dir,
      env: { ...process.env, MODE: mode, MARK: path.join(dir, 'mark') },
      logger: pino({ level: 'info' }, sink),
      stopTimeoutMs: 5_000,
    });
    return supervised;
  };

  it('runs in a process of its own, reports ready, and stops on SIGTERM', async () => {
    const child = start('run');
    await child.ready;
    expect(child.pid()).toEqual(expect.any(Number));
    expect(child.pid()).not.toBe(process.pid);
    await child.stop();
    expect(child.pid()).toBeUndefined();
    expect(lines.map((line) => line.msg)).toEqual([
      'child process started',
      'child process ready',
      'stopping child process (SIGTERM)',
      'child process stopped',
    ]);
  });

  it('restarts a child that crashes after it was ready, saying so in the log', async () => {
    const child = start('crash-once');
    await child.ready;
    const firstPid = child.pid();
    while (lines.filter((line) => line.msg === 'child process ready').length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    const crash = lines.find((line) => line.msg.includes('exited unexpectedly'));
    expect(crash).toMatchObject({
      pid: firstPid,
      restartInMs: 1_000,
      msg: 'test crash-once exited unexpectedly; restarting it in 1000 ms',
    });
    expect(child.pid()).not.toBe(firstPid);
  });

  it('fails its start, without restarting, when the child exits before it is ready', async () => {
    const child = start('fail-at-start');
    await expect(child.ready).rejects.toThrow('test fail-at-start exited (code 2, signal null) before it was ready');
    expect(lines.filter((line) => line.msg === 'child process started')).toHaveLength(1);
  });
});
