import path from 'node:path';

/** The repository root, whatever the working directory: the CLI cache and the workflow bundle live here. */
export const projectRoot = path.resolve(__dirname, '..');
