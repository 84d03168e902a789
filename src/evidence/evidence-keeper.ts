import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { CaseIdAttribute, SubmitterAttribute, TenantAttribute } from '../contracts/search-attributes';
import { ingestEntryId, recordCustody, type CustodyTrail } from './custody';
import type { EvidenceVault } from './evidence-vault';

export interface EvidenceBytes {
  sha256: string;
  bytes: Uint8Array;
}

/**
 * What EVIDENCE_PROCESSING does with each item on ingest: keeps its bytes in the vault (encrypted with the tenant's
 * key) and records the ingest in the custody log, in the name of whoever submitted the job (or its parent
 * investigation), with the tenant, the case and the workflow. A retried activity records each ingest once.
 */
export function evidenceKeeper(client: Client, vault: EvidenceVault, trail: CustodyTrail) {
  return async (items: readonly EvidenceBytes[]): Promise<void> => {
    const info = Context.current().info;
    const execution = info.workflowExecution;
    if (!execution) throw new Error('evidence is kept only from a workflow activity');
    const owner = await ownerOf(client, execution.workflowId, execution.runId);
    // The items at once, not one after the other: each custody entry waits for two updates of serialized audit
    // log workflows (the item's and the deployment's), round trips through the workflow worker that an item's
    // turn used to add up over the bundle (a job of 8 items took 8 of them in a row, and 8 times any slowdown of
    // that worker). An item met twice in the bundle is kept and recorded once (its entry id is the same).
    const unique = new Map(items.map((item) => [item.sha256, item]));
    const keep = async ({ sha256, bytes }: EvidenceBytes): Promise<void> => {
      if ((await vault.put(bytes, owner.tenant)) !== sha256) throw new Error(`evidence ${sha256} changed while it was kept`);
      await recordCustody(trail, {
        id: ingestEntryId(execution.workflowId, execution.runId, info.activityId, sha256),
        action: 'evidence.ingest',
        sha256,
        subject: owner.subject,
        roles: ['agent:evidence'],
        ...(owner.tenant === undefined ? {} : { tenant: owner.tenant }),
        ...(owner.caseId === undefined ? {} : { caseId: owner.caseId }),
        workflowId: execution.workflowId,
        via: `activity ${info.activityType} (${info.activityId})`,
      });
    };
    // Every item settles before the activity answers, so that a retry never overlaps this attempt's appends.
    const outcomes = await Promise.allSettled([...unique.values()].map(keep));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  };
}

/** Who the work is for: the submitter, tenant and case of the workflow, or of the investigation that started it. */
async function ownerOf(client: Client, workflowId: string, runId: string): Promise<{ subject: string; tenant?: string; caseId?: string }> {
  let description = await client.workflow.getHandle(workflowId, runId).describe();
  for (let depth = 0; depth < 5 && description.parentExecution && !description.typedSearchAttributes.get(SubmitterAttribute); depth++) {
    const parent = description.parentExecution;
    description = await client.workflow.getHandle(parent.workflowId ?? workflowId, parent.runId ?? undefined).describe();
  }
  const attributes = description.typedSearchAttributes;
  const tenant = attributes.get(TenantAttribute);
  const caseId = attributes.get(CaseIdAttribute);
  return {
    subject: attributes.get(SubmitterAttribute) ?? 'unknown submitter',
    ...(tenant === undefined ? {} : { tenant }),
    ...(caseId === undefined ? {} : { caseId }),
  };
}
