import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { topologicalLayers } from '../../../src/investigations';
import { loadTemplateFiles, shippedTemplatesDir, TemplateFileError } from '../../../src/investigations/template-files';
import { documentedAgentActions } from '../agents/agent-test-helpers';
import { realCatalog } from './investigation-test-helpers';

describe('catalogFromConfig (the static agent catalog and temporal.yaml)', () => {
  it('lists every built-in agent with its actions, and the retry policies', () => {
    expect(realCatalog(['fraud-investigation'])).toEqual({
      agents: documentedAgentActions,
      retryPolicies: ['exponential_backoff', 'fixed_interval', 'immediate'],
      templates: ['fraud-investigation'],
    });
  });
});

describe('shipped templates', () => {
  const templates = loadTemplateFiles(shippedTemplatesDir, realCatalog());

  it('all validate against the real agents, actions and retry policies', () => {
    expect([...templates.keys()]).toEqual(['bank-reconciliation', 'compliance-review', 'fraud-investigation']);
  });

  it('use only actions that temporal.yaml routes as job types', () => {
    const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {});
    const routed = new Set(Object.values(config.jobTypes).map((jobType) => `${jobType.agent}.${jobType.action}`));
    for (const template of templates.values()) {
      for (const step of template.steps) expect(routed).toContain(`${step.agent ?? ''}.${step.action ?? ''}`);
    }
  });

  it('run the fraud investigation as evidence, two parallel analyses, risk, then the summary', () => {
    const fraud = templates.get('fraud-investigation');
    expect(fraud && topologicalLayers(fraud)).toEqual([
      ['evidence_collection'],
      ['pattern_analysis', 'compliance_screening'],
      ['risk_assessment'],
      ['litigation_summary'],
    ]);
    expect(fraud?.steps.find((step) => step.name === 'litigation_summary')?.when).toBe('len(steps.pattern_analysis.output.findings) > 0');
  });

  it('run the other two with their independent steps in parallel', () => {
    const layers = (name: string) => {
      const template = templates.get(name);
      return template ? topologicalLayers(template) : [];
    };
    expect(layers('bank-reconciliation')).toEqual([['reconcile', 'payment_screening'], ['reconciliation_report']]);
    expect(layers('compliance-review')).toEqual([['compliance_screening', 'customer_risk'], ['review_summary']]);
  });
});

describe('loadTemplateFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'taskmaster-templates-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, text: string): void => writeFileSync(path.join(dir, file), text);
  const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
  const shipped = (name: string): string => readFileSync(path.join(shippedTemplatesDir, `${name}.yaml`), 'utf8');
  function loadError(): TemplateFileError {
    try {
      loadTemplateFiles(dir, realCatalog());
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateFileError);
      return error as TemplateFileError;
    }
    throw new Error('expected the templates not to load');
  }

  it('names the file and every problem of an invalid template, and of every invalid file', () => {
    write('fraud-investigation.yaml', shipped('fraud-investigation').replace('action: detectFraud', 'action: detectFrauds'));
    write(
      'broken.yml',
      yaml(
        'name: broken',
        'version: 1',
        'steps:',
        '  - name: a',
        '    agent: fraud',
        '    action: detectFraud',
        '    timeout: soon',
        '    dependsOn: [b]',
      ),
    );
    write('notes.txt', 'not a template');
    const error = loadError();
    expect(error.problems).toEqual([
      {
        file: path.join(dir, 'broken.yml'),
        messages: [
          'steps.0.dependsOn.0: unknown step "b"',
          'steps.0.timeout: expected a duration such as "30s", "10m" or "2h", at most 7d',
        ],
      },
      {
        file: path.join(dir, 'fraud-investigation.yaml'),
        messages: ['steps.1.action: agent "fraud" has no action "detectFrauds"; its actions are: detectFraud'],
      },
    ]);
    expect(error.message).toContain(`${path.join(dir, 'broken.yml')}:\n    - steps.0.dependsOn.0: unknown step "b"`);
  });

  it('reports YAML syntax errors with their line, and names that do not match the file', () => {
    write('bad-syntax.yaml', 'name: bad-syntax\nversion: 1\nsteps:\n  - name: a\n    name: b\n');
    write('renamed.yaml', shipped('compliance-review'));
    const error = loadError();
    expect(error.problems.map((p) => [path.basename(p.file), p.messages])).toEqual([
      ['bad-syntax.yaml', [expect.stringMatching(/^line 5, column 5: Map keys must be unique/)]],
      ['renamed.yaml', ['name: "compliance-review" must match the file name "renamed"']],
    ]);
  });

  it('lets templates use each other, but not in a cycle', () => {
    const useStep = (name: string, other: string) =>
      yaml(
        `name: ${name}`,
        'version: 1',
        'steps:',
        `  - name: run_${other}`,
        `    use: ${other}`,
        '    input: { caseId: "${input.caseId}" }',
      );
    write('outer.yaml', useStep('outer', 'middle'));
    write('middle.yaml', useStep('middle', 'inner'));
    write('inner.yaml', yaml('name: inner', 'version: 1', 'steps:', '  - name: screen', '    agent: fraud', '    action: detectFraud'));
    expect([...loadTemplateFiles(dir, realCatalog()).keys()]).toEqual(['inner', 'middle', 'outer']);

    write('inner.yaml', useStep('inner', 'outer'));
    expect(loadError().problems).toEqual([
      { file: path.join(dir, 'inner.yaml'), messages: ['templates use each other in a cycle: inner -> outer -> middle -> inner'] },
    ]);
  });
});
