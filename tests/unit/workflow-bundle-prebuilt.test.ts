import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { readHistoryDir } from '../../src/replay/history-files';
import { replayHistories } from '../../src/replay/replay-histories';
import { configuredWorkflowBundle } from '../../src/temporal/workflow-bundle';

const root = path.resolve(__dirname, '../..');

/**
 * The Dockerfile's build step, run as it runs it: `node --import tsx src/cli/bundle-workflows.ts --out <file>`. The
 * file it writes is what a worker loads with orchestration.workflowBundle, and every recorded history replays on it.
 */
describe('the prebuilt workflow bundle', () => {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'taskmaster-bundle-')), 'dist', 'workflow-bundle.js');

  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/bundle-workflows.ts', '--out', out], { cwd: root, stdio: 'pipe' });
  });

  it('is written by the build script and chosen by orchestration.workflowBundle', async () => {
    expect(statSync(out).size).toBeGreaterThan(100_000);
    const bundle = await configuredWorkflowBundle({
      orchestration: {
        taskQueue: 'o',
        maxConcurrentWorkflowTasks: 1,
        maxCachedWorkflows: 300,
        heapGrowingPercent: 50,
        workflowBundle: out,
      },
      configFile: '/x/temporal.yaml',
    });
    expect(bundle).toEqual({ codePath: out });
  });

  it('replays every recorded history', async () => {
    const histories = readHistoryDir(path.join(root, 'tests', 'histories'));
    const outcomes = await replayHistories(histories, { workflowBundle: { codePath: out } });
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(outcomes).toHaveLength(histories.length);
  });

  it('a missing bundle file is a config error naming the key', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'workflow-bundle.js');
    const loading = configuredWorkflowBundle({
      orchestration: {
        taskQueue: 'o',
        maxConcurrentWorkflowTasks: 1,
        maxCachedWorkflows: 300,
        heapGrowingPercent: 50,
        workflowBundle: missing,
      },
      configFile: '/x/temporal.yaml',
    });
    await expect(loading).rejects.toThrow(ConfigError);
    await expect(loading).rejects.toThrow(/orchestration\.workflowBundle: no prebuilt workflow bundle at .*npm run bundle:workflows/);
  });
});
