/** `npm run temporal:install`: finds or installs the pinned Temporal CLI ahead of time (CI runs this). */
import { loadConfig } from '../config/load-config';
import { findOrInstallTemporalCli } from '../dev-server/temporal-cli';

async function main(): Promise<void> {
  const config = loadConfig();
  const cli = await findOrInstallTemporalCli(config.devServer.cliVersion, {
    onInstallStart: (message) => console.log(message),
  });
  console.log(`Temporal CLI: ${cli.path} (${cli.source}) ${cli.version.split('\n')[0] ?? ''}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
