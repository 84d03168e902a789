import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter, type Payload, type SerializationContext } from '@temporalio/common';
import { EncryptionCodec, encryptionMetadata } from '../../../src/crypto/encryption-codec';
import { WorkflowTenants } from '../../../src/crypto/workflow-tenants';
import { templateStepWorkflowId, whatIfWorkflowId } from '../../../src/contracts/workflow-ids';
import { FailureType } from '../../../src/errors/failure-types';
import { failureOf, ring, ringKey, tempDir } from './crypto-test-helpers';

const meta = (payload: Payload | undefined, key: string): string => new TextDecoder().decode(payload?.metadata?.[key] ?? new Uint8Array());
const ofWorkflow = (workflowId: string): SerializationContext => ({ type: 'workflow', namespace: 'default', workflowId });
const ofActivity = (workflowId: string): SerializationContext => ({ type: 'activity', namespace: 'default', workflowId, isLocal: false });
const secret = { counterparty: 'Blackwood Offshore Holdings' };

describe('WorkflowTenants', () => {
  it('knows registered workflows, derives template steps and what-if reruns from their parent, else the default tenant', () => {
    const tenants = new WorkflowTenants();
    tenants.register('investigation-1', 'acme');
    const step = templateStepWorkflowId('investigation-1', 'screening');
    expect(tenants.tenantOf(step)).toBe('acme');
    expect(tenants.tenantOf(templateStepWorkflowId(step, 'inner'))).toBe('acme');
    expect(tenants.tenantOf(whatIfWorkflowId('investigation-1', new Date()))).toBe('acme');
    expect(tenants.tenantOf('investigation-2')).toBe('_default');
    expect(tenants.tenantOf('audit-log/taskmaster.orchestration')).toBe('_default');
    expect(tenants.tenantOf(undefined)).toBe('_default');
  });

  it('learns a tenant from decoded payloads, never the default one, and never replaces a known tenant', () => {
    const tenants = new WorkflowTenants();
    tenants.learn('job-1', '_default');
    expect(tenants.tenantOf('job-1')).toBe('_default');
    tenants.learn('job-1', 'acme');
    tenants.learn('job-1', 'globex');
    expect(tenants.tenantOf('job-1')).toBe('acme');
  });

  it('holds at most its capacity, forgetting the least recently used', () => {
    const tenants = new WorkflowTenants(2);
    tenants.register('job-1', 'a');
    tenants.register('job-2', 'b');
    expect(tenants.tenantOf('job-1')).toBe('a');
    tenants.register('job-3', 'c');
    expect(tenants.size).toBe(2);
    expect(tenants.tenantOf('job-2')).toBe('_default');
    expect(tenants.tenantOf('job-1')).toBe('a');
  });
});

describe('EncryptionCodec with the serialization context', () => {
  const k1 = ringKey('k1');

  it("encrypts a workflow's and its activities' payloads with its tenant's data key, and a worker learns it from decoding", async () => {
    const dir = tempDir();
    const client = new WorkflowTenants();
    client.register('job-a', 'acme');
    client.register('job-b', 'globex/london');
    const clientCodec = new EncryptionCodec(ring(dir, k1), client);
    const [forA] = await clientCodec.encode([defaultPayloadConverter.toPayload(secret)], ofWorkflow('job-a'));
    const [forB] = await clientCodec.encode([defaultPayloadConverter.toPayload(secret)], ofWorkflow('job-b'));
    expect(meta(forA, encryptionMetadata.tenant)).toBe('acme');
    expect(meta(forB, encryptionMetadata.tenant)).toBe('globex/london');
    expect(meta(forA, encryptionMetadata.dataKeyId)).not.toBe(meta(forB, encryptionMetadata.dataKeyId));
    // A tenant with "/" gets a folder of its own inside the tenants folder, never a path elsewhere.
    expect(readdirSync(path.join(dir, 'tenants')).sort()).toEqual(['acme', 'globex%2Flondon']);

    // Another process (a worker) knows nothing until it decodes the workflow's input; then its activity's result
    // is encrypted for the same tenant.
    const worker = new WorkflowTenants();
    const workerCodec = new EncryptionCodec(ring(dir, k1), worker);
    const [decoded] = await workerCodec.decode([forA!], ofWorkflow('job-a'));
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(secret);
    const [result] = await workerCodec.encode([defaultPayloadConverter.toPayload('done')], ofActivity('job-a'));
    expect(meta(result, encryptionMetadata.dataKeyId)).toBe(meta(forA, encryptionMetadata.dataKeyId));
    const [system] = await workerCodec.encode([defaultPayloadConverter.toPayload('entry')], ofWorkflow('audit-log/q'));
    expect(meta(system, encryptionMetadata.tenant)).toBe('_default');
  });

  it("crypto-shredding: once a tenant's folder is gone, running codecs refuse its payloads naming the key, and serve others", async () => {
    const dir = tempDir();
    const tenants = new WorkflowTenants();
    tenants.register('job-a', 'acme');
    tenants.register('job-b', 'globex');
    const codec = new EncryptionCodec(ring(dir, k1), tenants);
    const [forA] = await codec.encode([defaultPayloadConverter.toPayload(secret)], ofWorkflow('job-a'));
    const [forB] = await codec.encode([defaultPayloadConverter.toPayload(secret)], ofWorkflow('job-b'));
    rmSync(path.join(dir, 'tenants', 'acme'), { recursive: true });
    // The codec held acme's key in memory; it checks the file at most once a second, so wait for that check.
    const deadline = Date.now() + 5_000;
    let failure: Awaited<ReturnType<typeof failureOf>> | undefined;
    while (failure === undefined && Date.now() < deadline) {
      failure = await failureOf(codec.decode([forA!])).catch(() => undefined);
      if (failure === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(failure?.type).toBe(FailureType.EncryptionKeyUnavailable);
    expect(failure?.nonRetryable).toBe(true);
    expect(failure?.message).toContain(`data key "${meta(forA, encryptionMetadata.dataKeyId)}" of tenant "acme"`);
    const [decodedB] = await codec.decode([forB!]);
    expect(defaultPayloadConverter.fromPayload(decodedB!)).toEqual(secret);
    // What acme writes next gets a new data key: readable, unlike what it wrote before.
    const [again] = await codec.encode([defaultPayloadConverter.toPayload(secret)], ofWorkflow('job-a'));
    expect(meta(again, encryptionMetadata.dataKeyId)).not.toBe(meta(forA, encryptionMetadata.dataKeyId));
    expect(defaultPayloadConverter.fromPayload((await codec.decode([again!]))[0]!)).toEqual(secret);
  });
});
