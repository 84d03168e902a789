import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { customSearchAttributes } from '../contracts/search-attributes';

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
  return missing.map((key) => key.name);
}
