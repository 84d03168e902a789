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

  it('names unknown keys at their own line, with the keys expected there and the closest one', () => {
    const text = shipped.replace('\nsla:\n', '\nslaa:\n').replace('  host: 127.0.0.1\n', '  hots: 127.0.0.1\n');
    const lines = text.split('\n');
    const lineOf = (prefix: string): number => lines.findIndex((line) => line.startsWith(prefix)) + 1;
    const message = problemsOf(text);
    expect(message).toContain(
      `http.hots (line ${lineOf('  hots:')}): unknown key; expected in http: port, host, bodyLimitBytes, temporalTimeout, corsOrigins ` +
        '(did you mean "host"?)',
    );
    expect(message).toMatch(new RegExp(`slaa \\(line ${lineOf('slaa:')}\\): unknown key; expected at the top level: dataDir, .*\\bsla\\b`));
    expect(message).toContain('(did you mean "sla"?)');
    expect(message).not.toContain('Unrecognized key');
  });

  it('lists the expected keys without a guess when no key is close', () => {
    const message = problemsOf(`${shipped}\nmaxConcurrentJobz: 3\n`);
    expect(message).toMatch(/maxConcurrentJobz \(line \d+\): unknown key; expected at the top level: dataDir, connection, /);
    expect(message).not.toContain('did you mean');
  });

  it('names a job type whose action its built-in agent does not have, with the line and the actions it offers', () => {
    const text = shipped.replace('action: detectFraud\n', 'action: detectFrod\n');
    const line = text.split('\n').findIndex((candidate) => candidate.includes('action: detectFrod')) + 1;
    expect(problemsOf(text)).toContain(
      `jobTypes.FRAUD_DETECTION.action (line ${line}): the fraud agent has no action "detectFrod"; its actions: detectFraud ` +
        '(did you mean "detectFraud"?)',
    );
  });

  it('leaves the actions of a custom agent to the worker, which knows them once its module is loaded', () => {
    const text = shipped
      .replace('agents:\n', 'agents:\n  ocr: { taskQueue: agent-ocr, module: ./ocr.js }\n')
      .replace('jobTypes:\n', 'jobTypes:\n  DOCUMENT_OCR: { agent: ocr, action: extractText }\n');
    expect(parseConfig(text, '/x/temporal.yaml', {}).jobTypes.DOCUMENT_OCR?.action).toBe('extractText');
  });

  it('rejects an unknown LOG_LEVEL like a bad key, naming the accepted levels', () => {
    expect(problemsOf(shipped, { LOG_LEVEL: 'bogus' })).toContain(
      'LOG_LEVEL (environment): "bogus" is not a log level; expected one of: trace, debug, info, warn, error, fatal, silent',
    );
    expect(parseConfig(shipped, '/x/temporal.yaml', { LOG_LEVEL: 'debug' }).http.port).toBe(3000);
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
