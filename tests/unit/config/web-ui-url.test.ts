import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../../src/config/load-config';
import { webUiBaseUrl, webUiSummaryLine } from '../../../src/config/web-ui-url';

const shipped = readFileSync(path.resolve(__dirname, '../../../temporal.yaml'), 'utf8');
const configOf = (text: string, env: NodeJS.ProcessEnv = {}) => parseConfig(text, '/x/temporal.yaml', env);
const noDevServer = shipped.replace('  enabled: true\n', '  enabled: false\n');

describe('the Web UI address', () => {
  it('is unknown for a server Taskmaster does not manage, rather than a port where nothing listens', () => {
    expect(webUiBaseUrl(configOf(noDevServer))).toBeUndefined();
    expect(webUiSummaryLine(undefined, 'default')).toBe(
      '  Temporal Web UI not known for this server: set connection.webUiUrl in temporal.yaml for links',
    );
  });

  it('is connection.webUiUrl when set, whatever runs the server', () => {
    const config = configOf(noDevServer.replace('# webUiUrl: https://cloud.temporal.io', 'webUiUrl: https://temporal.example.com/'));
    expect(webUiBaseUrl(config, { webUiUrl: 'http://127.0.0.1:8233' })).toBe('https://temporal.example.com');
  });

  it("is the dev server's UI when npm start manages one", () => {
    expect(webUiBaseUrl(configOf(shipped, { TEMPORAL_UI_PORT: '18233' }))).toBe('http://127.0.0.1:18233');
    expect(webUiBaseUrl(configOf(shipped), { webUiUrl: 'http://127.0.0.1:9233' })).toBe('http://127.0.0.1:9233');
  });

  it('opens the configured namespace, not the default one', () => {
    expect(webUiSummaryLine('http://127.0.0.1:8233', 'forensics')).toBe(
      '  Temporal Web UI http://127.0.0.1:8233/namespaces/forensics/workflows',
    );
  });
});
