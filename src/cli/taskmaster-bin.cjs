#!/usr/bin/env node
// The package's bin (`npx taskmaster`): loads tsx, then the TypeScript entry, wherever it is run from.
require('tsx/cjs');
require('./taskmaster.ts');
