/** docs/job-types.md shows what the code answers: the request body's fields and the compliance example's output. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { monitor } from '../../../activities/compliance';
import { complianceInputSchema } from '../../../activities/compliance/schema';
import { submitJobRequestSchema } from '../../../src/jobs/job-request';

const projectRoot = path.resolve(__dirname, '../../..');
const doc = readFileSync(path.join(projectRoot, 'docs/job-types.md'), 'utf8');

describe('docs/job-types.md', () => {
  it('documents every field of the job request body, and no other', () => {
    const shape = /`\{ ("[^`]+) \}`/.exec(doc)?.[1] ?? '';
    const documented = [...shape.matchAll(/"(\w+)"/g)].map((match) => match[1]).sort();
    expect(documented).toEqual(Object.keys(submitJobRequestSchema.shape).sort());
  });

  it("shows the compliance agent's real output for the documented example input", () => {
    const section = doc.slice(doc.indexOf('## COMPLIANCE_MONITORING'));
    const example = section.slice(section.indexOf('### Example'));
    const documented: unknown = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(example)?.[1] ?? 'null');
    const fixture = JSON.parse(readFileSync(path.join(projectRoot, 'tests/fixtures/jobs/COMPLIANCE_MONITORING.json'), 'utf8')) as {
      data: unknown;
    };
    expect(documented).toEqual(monitor(complianceInputSchema.parse(fixture.data)));
  });
});
