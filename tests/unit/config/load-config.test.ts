import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../../src/config/config-error';
import { loadConfig, parseConfig } from '../../../src/config/load-config';

const shipped = readFileSync(path.resolve(__dirname, '../../../temporal.yaml'), 'utf8');

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    parseConfig(text, '/etc/taskmaster/broken.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the shipped temporal.yaml with the seed priority classes and SLAs', () => {
    const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {});
    expect(config.priorities).toEqual({
      CRITICAL: { priorityKey: 1, sla: 5 * 60_000, onBreach: 'escalate', maxOpen: 100 },
      HIGH: { priorityKey: 2, sla: 30 * 60_000, onBreach: 'escalate', maxOpen: 100 },
      NORMAL: { priorityKey: 3, sla: 4 * 3_600_000, onBreach: 'escalate', maxOpen: 1000 },
      LOW: { priorityKey: 4, sla: 24 * 3_600_000, onBreach: 'escalate', maxOpen: 5000 },
      MAINTENANCE: { priorityKey: 5, sla: null, onBreach: 'escalate' },
    });
    expect(config.sla.warningFraction).toBe(0.8);
    expect(Object.keys(config.retryPolicies).sort()).toEqual(['exponential_backoff', 'fixed_interval', 'immediate']);
    expect(Object.keys(config.jobTypes)).toEqual(
      expect.arrayContaining([
        'BANK_STATEMENT_PROCESSING',
        'FRAUD_DETECTION',
        'RISK_ASSESSMENT',
        'EVIDENCE_PROCESSING',
        'LITIGATION_SUPPORT',
        'COMPLIANCE_MONITORING',
      ]),
    );
    expect(config.jobTypes.FRAUD_DETECTION?.agent).toBe('fraud');
  });

  it('applies environment overrides', () => {
    const config = parseConfig(shipped, '/x/temporal.yaml', {
      TEMPORAL_ADDRESS: '127.0.0.1:17233',
      TEMPORAL_NAMESPACE: 'forensics',
      TASKMASTER_HTTP_PORT: '3100',
      TEMPORAL_UI_PORT: '18233',
      TASKMASTER_DATA_DIR: '/tmp/tm-data',
    });
    expect(config.connection.address).toBe('127.0.0.1:17233');
    expect(config.connection.namespace).toBe('forensics');
    expect(config.http.port).toBe(3100);
    expect(config.devServer.uiPort).toBe(18233);
    expect(config.dataDirPath).toBe('/tmp/tm-data');
  });

  it('names the file, the key and the line of a bad value', () => {
    const message = problemsOf(shipped.replace('CRITICAL: { priorityKey: 1, sla: 5m,', 'CRITICAL: { priorityKey: 1, sla: soon,'));
    expect(message).toContain('/etc/taskmaster/broken.yaml');
    expect(message).toMatch(/priorities\.CRITICAL\.sla \(line \d+\): expected a positive duration/);
  });

  it('names a job type whose agent does not exist', () => {
    const message = problemsOf(shipped.replace('agent: fraud\n', 'agent: frod\n'));
    expect(message).toMatch(/jobTypes\.FRAUD_DETECTION\.agent \(line \d+\): unknown agent "frod"/);
  });

  it('names unknown keys', () => {
    const message = problemsOf(`${shipped}\nmaxConcurrentJobz: 3\n`);
    expect(message).toMatch(/\(top level\).*maxConcurrentJobz/);
  });

  it('reports YAML syntax errors with their line', () => {
    const message = problemsOf('agents:\n  fraud: [unclosed\n');
    expect(message).toMatch(/line \d+, column \d+/);
  });

  it('names the environment variable that set a bad value', () => {
    const message = problemsOf(shipped, { TASKMASTER_HTTP_PORT: 'eighty' });
    expect(message).toContain('http.port (set by TASKMASTER_HTTP_PORT)');
  });

  it('rejects a missing file with its path', () => {
    expect(() => loadConfig('/nonexistent/temporal.yaml', {})).toThrow(/\/nonexistent\/temporal.yaml:\n {2}- cannot read the file/);
  });
});
