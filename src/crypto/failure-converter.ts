/**
 * The failure converter of every client, worker and workflow bundle: failure messages and stack traces travel in an
 * encoded payload (`encodedAttributes`), so the encryption codec encrypts them like any other payload. Old failures
 * with plain messages still decode. Loaded by path (the workflow bundle includes it), so this module stays pure.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
