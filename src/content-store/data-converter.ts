import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import type { LoadedConfig } from '../config/load-config';
import { ClaimCheckCodec } from './claim-check-codec';
import { FileContentStore } from './file-content-store';

/** The data converter of every client and worker of this deployment: large payloads go to the content store. */
export function dataConverterFor(config: LoadedConfig): DataConverter {
  const store = new FileContentStore(path.resolve(config.dataDirPath, config.contentStore.dir));
  return { payloadCodecs: [new ClaimCheckCodec(store, config.contentStore.thresholdBytes)] };
}
