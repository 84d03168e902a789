/**
 * zod's mini build, for the schemas that every workflow evaluates in its own sandbox: mini schemas cost a fraction
 * of classic ones to build (no chainable methods bound to each schema), and they parse and compose the same. Mini
 * leaves messages generic ("Invalid input") until a locale is set, and the sandbox loads nothing else that sets one.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export { z };
