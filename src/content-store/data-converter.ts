import type { DataConverter, PayloadCodec } from '@temporalio/common';
import type { LoadedConfig } from '../config/load-config';
import { EncryptionCodec } from '../crypto/encryption-codec';
import { loadKeyRing } from '../crypto/key-ring';
import { ClaimCheckCodec } from './claim-check-codec';
import { contentStoreFor } from './content-store-for';

/** The module exporting the failure converter (failure messages and stack traces as encrypted payloads). */
export const failureConverterPath = require.resolve('../crypto/failure-converter');

/**
 * The codecs of this deployment, in encoding order: encryption first, then the claim check, so that the content
 * store holds ciphertext too (decoding runs them in reverse). The key ring loads at the first encrypted or encrypting
 * payload, so a replay of unencrypted histories needs no keys; a KeyRingError then names where keys were looked for.
 * Entry points that will encrypt call loadKeyRing at start to fail fast.
 */
export function payloadCodecsFor(config: LoadedConfig, env: NodeJS.ProcessEnv = process.env): PayloadCodec[] {
  const claimCheck = new ClaimCheckCodec(contentStoreFor(config), config.contentStore.thresholdBytes);
  return config.encryption.enabled ? [new EncryptionCodec(() => loadKeyRing(config, env)), claimCheck] : [claimCheck];
}

/** The data converter of every client, worker and replay of this deployment. */
export function dataConverterFor(config: LoadedConfig, env: NodeJS.ProcessEnv = process.env): DataConverter {
  return { payloadCodecs: payloadCodecsFor(config, env), failureConverterPath };
}
