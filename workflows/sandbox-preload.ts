/**
 * Loaded once per workflow thread, before any workflow runs (the bundle's preloadModules), and shared by every
 * workflow of that thread. zod is most of what a workflow would otherwise evaluate on its own: about 0.7 MB of heap
 * per cached workflow (tests/bench/scale.ts measures the whole). The SDK freezes what is preloaded once this has
 * run, so everything that zod writes into its own module objects at run time is done here first:
 * - the locale (`config(en())`), by the classic build's import and by the mini wrapper;
 * - the memoizer (cycle support) that the classic build installs at its first object schema;
 * - jitless: a workflow parses its input once, so compiling a parser for each of its schemas costs more than it
 *   saves, and the probe behind it (`allowsEval`) caches its answer in a module object, computed here.
 * What stays per workflow is what holds state: the schemas themselves (zod installs lazily computed fields on them)
 * and the workflows' own modules.
 */
import 'zod';
import { z } from '../src/contracts/zod-mini';

z.config({ jitless: true, memoizer: z.core.memoizer() });
// Read now, while it can still cache its answer (false, as jitless).
void z.core.util.allowsEval.value;
