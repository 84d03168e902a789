import { parseWorkflowCode } from '@temporalio/worker/lib/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { bundleWorkflows } from '../../src/temporal/workflow-bundle';

/** The SDK's creator, with a way to read its V8 context's module cache. */
class InspectedWorkflowCreator extends ReusableVMWorkflowCreator {
  /** Without a workflow running, the cache answers from the modules shared by every workflow of the thread. */
  isShared(moduleId: string): boolean {
    const context = this.context as unknown as { __webpack_module_cache__: Record<string, unknown> };
    return context.__webpack_module_cache__[moduleId] !== undefined;
  }
}

/**
 * The preload decides how much heap each cached workflow holds, and nothing fails when it stops working: a bare
 * `import 'zod'` in it was once dropped by webpack (zod declares its modules free of side effects), and every
 * investigation then evaluated classic zod on its own, 923 KiB of heap per cached investigation against 269 KiB per
 * job. So this runs the built bundle the way the SDK's worker does (its reusable V8 context) and reads which modules
 * the preload put into the thread's shared module cache, before any workflow exists.
 */
describe('the workflow sandbox preload', () => {
  it('evaluates both zod builds once per workflow thread, and none of the workflows own modules', async () => {
    const bundle = parseWorkflowCode((await bundleWorkflows()).code);
    const creator = await InspectedWorkflowCreator.create(bundle, 10_000, new Set<string>());
    const shared = creator.isShared.bind(creator);
    try {
      expect(shared('./node_modules/zod/v4/classic/schemas.js')).toBe(true);
      expect(shared('./node_modules/zod/v4/mini/schemas.js')).toBe(true);
      expect(shared('./node_modules/zod/v4/locales/index.js')).toBe(true);
      // What holds a workflow's state stays its own.
      expect(bundle.code).toContain('"./workflows/job-workflow.ts"');
      expect(shared('./workflows/job-workflow.ts')).toBe(false);
      expect(bundle.code).toContain('"./src/investigations/definition-schema.ts"');
      expect(shared('./src/investigations/definition-schema.ts')).toBe(false);
    } finally {
      await creator.destroy();
    }
  }, 60_000);
});
