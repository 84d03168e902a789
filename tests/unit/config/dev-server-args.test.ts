import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { codecEndpoint, devServerArgs } from '../../../src/dev-server/dev-server-args';

describe('devServerArgs', () => {
  const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {
    TASKMASTER_DATA_DIR: '/var/lib/taskmaster',
    TEMPORAL_ADDRESS: '127.0.0.1:7999',
  });
  const args = devServerArgs(config);
  const values = (flag: string): string[] => args.flatMap((arg, index) => (arg === flag ? [args[index + 1] ?? ''] : []));

  it('listens on the configured port with its SQLite file under the data dir', () => {
    expect(values('--port')).toEqual(['7999']);
    expect(values('--db-filename')).toEqual([path.join('/var/lib/taskmaster', 'temporal.sqlite')]);
    expect(values('--ui-port')).toEqual(['8233']);
  });

  it('enables task-queue Priority and Fairness, with one partition per queue', () => {
    expect(values('--dynamic-config-value')).toEqual(
      expect.arrayContaining([
        'matching.useNewMatcher=true',
        'matching.enableFairness=true',
        'matching.numTaskqueueReadPartitions=1',
        'matching.numTaskqueueWritePartitions=1',
      ]),
    );
  });

  it('enables worker heartbeats and ListWorkers, which agent health reads', () => {
    expect(values('--dynamic-config-value')).toEqual(
      expect.arrayContaining(['frontend.WorkerHeartbeatsEnabled=true', 'frontend.ListWorkersEnabled=true']),
    );
  });

  it('sizes the history cache for thousands of open workflows, unless devServer.dynamicConfig says otherwise', () => {
    expect(values('--dynamic-config-value')).toContain('history.cacheMaxSize=16384');
    const tuned = { ...config, devServer: { ...config.devServer, dynamicConfig: { 'history.cacheMaxSize': 2048 } } };
    const tunedValues = devServerArgs(tuned).filter((arg) => arg.startsWith('history.cacheMaxSize='));
    expect(tunedValues).toEqual(['history.cacheMaxSize=2048']);
  });

  it('registers every custom search attribute', () => {
    expect(values('--search-attribute')).toEqual([
      'TaskmasterJobType=Keyword',
      'TaskmasterPriority=Keyword',
      'TaskmasterCaseId=Keyword',
      'TaskmasterStatus=Keyword',
      'TaskmasterJobId=Keyword',
      'TaskmasterFairnessKey=Keyword',
      'TaskmasterTenant=Keyword',
      'TaskmasterSubmitter=Keyword',
      'SlaDeadline=Datetime',
      'SlaBreached=Bool',
      'SlaStatus=Keyword',
      'TaskmasterRecordHead=Keyword',
      'TaskmasterQueueWaitMs=Int',
    ]);
  });
});

describe('devServerArgs with in-memory persistence', () => {
  it('passes no database file and no pragmas', () => {
    const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {});
    config.devServer.persistence = 'memory';
    const args = devServerArgs(config);
    expect(args).not.toContain('--db-filename');
    expect(args).not.toContain('--sqlite-pragma');
  });

  it('passes the SQLite pragmas with a file', () => {
    const args = devServerArgs(loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {}));
    expect(args.join(' ')).toContain('--sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal');
  });
});

describe('devServerArgs and the codec server', () => {
  const configWith = (env: NodeJS.ProcessEnv) => loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), env);
  const endpointOf = (args: string[]): string | undefined => args[args.indexOf('--ui-codec-endpoint') + 1];

  it("points the Web UI at the facade's /codec routes, so that it shows decrypted payloads", () => {
    expect(endpointOf(devServerArgs(configWith({ TASKMASTER_HTTP_PORT: '3100' })))).toBe('http://127.0.0.1:3100/codec');
    const wildcard = configWith({});
    wildcard.http.host = '0.0.0.0';
    expect(codecEndpoint(wildcard)).toBe('http://127.0.0.1:3000/codec');
  });

  it('sets no codec endpoint without a Web UI or without encryption', () => {
    const headless = configWith({});
    headless.devServer.headless = true;
    expect(devServerArgs(headless)).not.toContain('--ui-codec-endpoint');
    const plain = configWith({});
    plain.encryption.enabled = false;
    expect(devServerArgs(plain)).not.toContain('--ui-codec-endpoint');
  });
});
