/**
 * `npm run verify-bundle -- case.tar.gz [--public-key key.pem] [--json]`: checks a case bundle offline, with no
 * server and no keys (src/forensics/bundle-verify.ts). Give the deployment's published public key (GET
 * /v1/forensics/bundle-key, or bundle-signing-key.pub.pem in its data dir) to check who signed it; without it the key
 * inside the bundle is used and its fingerprint printed to compare. Exits 0 when intact, 1 when not, 2 on an error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyBundle, type BundleReport } from '../forensics/bundle-verify';

export function describeBundleReport(file: string, report: BundleReport): string[] {
  const keyNote = report.keyFrom === 'given' ? 'the key given' : "the key in the bundle: compare it with the deployment's published key";
  const lines = [
    `${report.ok ? 'OK  ' : 'FAIL'}  ${file}: case ${report.caseId ?? '?'}, ${report.files} files`,
    `      signed by key ${report.signingKey ?? '?'} (${keyNote})`,
    ...report.records.map((line) => `      ${line}`),
    ...report.problems.map((problem) => `      ${problem.file}: ${problem.reason}`),
  ];
  return lines;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { 'public-key': { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    console.error('usage: npm run verify-bundle -- case.tar.gz [--public-key bundle-signing-key.pub.pem] [--json]');
    return 2;
  }
  const publicKeyPem = values['public-key'] ? readFileSync(values['public-key'], 'utf8') : undefined;
  let ok = true;
  for (const file of positionals) {
    const report = await verifyBundle(readFileSync(file), publicKeyPem ? { publicKeyPem } : {});
    ok &&= report.ok;
    if (values.json) console.log(JSON.stringify({ file, ...report }, null, 2));
    else for (const line of describeBundleReport(file, report)) console.log(line);
  }
  return ok ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
