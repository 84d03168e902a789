/**
 * An investigation input that a later step's agent would refuse is refused at submission, naming the input field,
 * as far as the references allow: the shipped templates with their fixtures, and a `use:` step followed into its
 * template.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import type { InvestigationDefinition } from '../../../src/investigations';
import { stepInputProblems } from '../../../src/investigations/service/step-input-check';
import { loadTemplateFiles, shippedTemplatesDir } from '../../../src/investigations/template-files';
import { validateDefinition } from '../../../src/investigations/validate-definition';
import { actionInputSchema } from '../../../src/jobs/job-data-schemas';
import { realCatalog } from './investigation-test-helpers';

const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {});
const templates = loadTemplateFiles(shippedTemplatesDir, realCatalog());
const schemaOf = (agent: string, action: string) => actionInputSchema(config, agent, action);
const fixture = (name: string) =>
  (
    JSON.parse(readFileSync(path.resolve(__dirname, `../../fixtures/investigations/${name}.json`), 'utf8')) as {
      input: Record<string, unknown>;
    }
  ).input;
const template = (name: string): InvestigationDefinition => {
  const found = templates.get(name);
  if (!found) throw new Error(`no template ${name}`);
  return found;
};

describe('stepInputProblems', () => {
  // The fixtures' later steps read earlier steps' outputs (unknown now): none of those is reported.
  it.each([...templates.keys()])('accepts the fixture of %s', (name) => {
    expect(stepInputProblems(template(name), fixture(name), schemaOf, templates)).toEqual([]);
  });

  it('refuses a fraud investigation whose riskFactors.adverseMedia risk_assessment would refuse, naming the field', () => {
    const input = { ...fixture('fraud-investigation'), riskFactors: { adverseMedia: true } };
    const problems = stepInputProblems(template('fraud-investigation'), input, schemaOf, templates);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('input.riskFactors.adverseMedia');
    expect(problems[0]?.message).toMatch(/number.*factors\.adverseMedia.*"risk_assessment", risk\.assessRisk/);
  });

  it('names the input element an early step would refuse, with its index', () => {
    const input = fixture('fraud-investigation');
    const transactions = [...(input.transactions as Array<Record<string, unknown>>)];
    transactions[2] = { ...transactions[2], amount: 'lots' };
    const problems = stepInputProblems(template('fraud-investigation'), { ...input, transactions }, schemaOf, templates);
    expect(problems.map((problem) => problem.path)).toEqual(['input.transactions.2.amount']);
  });

  it('follows a use: step into its template, and leaves what other steps produce for run time', () => {
    const wrapper = validateDefinition(
      {
        name: 'wrapper',
        version: 1,
        steps: [
          {
            name: 'inner',
            use: 'fraud-investigation',
            input: {
              caseId: '${input.caseId}',
              entity: '${input.subject}',
              transactions: '${input.payments}',
              evidence: [],
              watchList: [],
              riskFactors: '${input.known}',
            },
          },
        ],
      },
      realCatalog([...templates.keys()]),
    );
    if (!wrapper.ok) throw new Error(JSON.stringify(wrapper.problems));
    const base = fixture('fraud-investigation');
    const input = { caseId: 'C-1', subject: base.entity, payments: base.transactions, known: { sanctionsHit: 'yes' } };
    const problems = stepInputProblems(wrapper.definition, input, schemaOf, templates);
    expect(problems.map((problem) => problem.path)).toEqual(['input.known.sanctionsHit']);
    expect(problems[0]?.message).toContain('template "fraud-investigation"');
  });
});
