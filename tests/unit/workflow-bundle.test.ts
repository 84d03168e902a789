import { bundleWorkflows } from '../../src/temporal/workflow-bundle';

// Each workflow evaluates every module of the bundle it imports, in its own sandbox: a heavy module imported by
// accident costs CPU and heap per open workflow, which is why the workflows import the priority classes alone.
describe('the workflow bundle', () => {
  it('leaves out the temporal.yaml schema', async () => {
    const { code } = await bundleWorkflows();
    expect(code).toContain('"./src/config/priority-classes.ts"');
    expect(code).not.toContain('"./src/config/schema.ts"');
  }, 60_000);
});
