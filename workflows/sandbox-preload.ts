/**
 * Loaded once per workflow thread, before any workflow runs (the bundle's preloadModules), and shared by every
 * workflow of that thread. zod is most of what a workflow would otherwise evaluate on its own: about 0.7 MB of heap
 * per cached workflow (tests/bench/scale.ts measures the whole). Both builds: mini (the jobs' contracts) and classic
 * (the investigations' definition and input schemas, src/investigations). The classic build is loaded by building
 * and using one schema: a bare `import 'zod'` is dropped by webpack, as zod's package.json declares its modules free
 * of side effects, and each investigation then evaluated classic zod on its own: a cached investigation held 923 KiB
 * of heap against 269 KiB for a job, and preloading classic took about 0.4 MB of that off (heap snapshots of
 * bench:scale's workflow thread, docs/benchmarks.md).
 * The SDK freezes what is preloaded once this has run, so everything that zod writes into its own module objects at
 * run time is done here first:
 * - the locale (`config(en())`), by the classic build's first schema and by the mini wrapper;
 * - the memoizer (cycle support) that the classic build installs at its first object schema;
 * - jitless: a workflow parses its input once, so compiling a parser for each of its schemas costs more than it
 *   saves, and the probe behind it (`allowsEval`) caches its answer in a module object, computed here.
 * What stays per workflow is what holds state: the schemas themselves (zod installs lazily computed fields on them)
 * and the workflows' own modules.
 */
import { z as classic } from 'zod';
import { z } from '../src/contracts/zod-mini';

z.config({ jitless: true, memoizer: z.core.memoizer() });
// Read now, while it can still cache its answer (false, as jitless).
void z.core.util.allowsEval.value;
// The classic build's modules, evaluated here (its first schema checks the locale and memoizer set above).
classic
  .object({ preload: classic.array(classic.string()), at: classic.iso.datetime() })
  .parse({ preload: [''], at: '2026-01-01T00:00:00Z' });
