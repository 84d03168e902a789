import { isGrpcServiceError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { customSearchAttributes } from '../contracts/search-attributes';
import { VisibilityQuery } from './visibility-query';

/** gRPC's INVALID_ARGUMENT: what the frontend answers a query naming an attribute it does not know yet. */
const invalidArgument = 3;
/** How long a server may take to know attributes just added (its namespace cache refreshes every few seconds). */
const attributesKnownWithinMs = 60_000;
const attributesKnownPollMs = 250;

/**
 * Registers the custom search attributes the project uses on a cluster that lacks them (the dev server gets them
 * at start). Temporal Cloud refuses this call: there they are added with tcld, and the error says so.
 */
export async function ensureSearchAttributes(client: Client): Promise<string[]> {
  const namespace = client.options.namespace;
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = customSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  try {
    await client.connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`]]),
      ),
    });
  } catch (error) {
    throw new Error(
      `the search attributes ${missing.map((key) => `${key.name} (${key.type})`).join(', ')} are missing in namespace ` +
        `${namespace} and could not be added (${(error as Error).message}); add them with ` +
        `\`temporal operator search-attribute create\` or, on Temporal Cloud, \`tcld namespace search-attributes add\``,
    );
  }
  const added = missing.map((key) => key.name);
  await untilQueryable(client, added);
  return added;
}

/**
 * Waits until the frontend accepts a visibility query naming every added attribute. The server's services read a
 * namespace's attributes from a cache that each refreshes on its own every few seconds (a production server does not
 * read them through on each use: Temporal's `system.forceSearchAttributesCacheRefreshOnRead` is for tests only), so a
 * job started at once could name an attribute the server does not know yet.
 */
async function untilQueryable(client: Client, names: readonly string[]): Promise<void> {
  const query = names.reduce((built, name) => built.isNull(name), VisibilityQuery.all()).toString();
  const deadline = Date.now() + attributesKnownWithinMs;
  for (;;) {
    try {
      await client.workflowService.countWorkflowExecutions({ namespace: client.options.namespace, query });
      return;
    } catch (error) {
      const unknownYet = isGrpcServiceError(error) && Number(error.code) === invalidArgument;
      if (!unknownYet || Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, attributesKnownPollMs));
  }
}
