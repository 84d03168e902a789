import type { SearchAttributePair } from '@temporalio/common';
import type { JobSla } from '../contracts/job-workflow';
import {
  CaseIdAttribute,
  FairnessKeyAttribute,
  JobIdAttribute,
  JobTypeAttribute,
  PriorityAttribute,
  SlaBreachedAttribute,
  SlaDeadlineAttribute,
  SlaStatusAttribute,
  StatusAttribute,
  SubmitterAttribute,
  TenantAttribute,
} from '../contracts/search-attributes';

export interface StartedWork {
  id: string;
  type: string;
  priority: string;
  status: string;
  caseId?: string | undefined;
  /** The tenant it belongs to (the tenant walls read it); undefined when submitted without one. */
  tenant?: string | undefined;
  /** The `sub` of the token that submitted it. */
  submitter?: string | undefined;
  fairness?: { key: string } | undefined;
  sla?: JobSla | undefined;
}

/** The search attributes a job or an investigation starts with, so that the Web UI and visibility find it at once. */
export function startSearchAttributes(work: StartedWork): SearchAttributePair[] {
  return [
    { key: JobIdAttribute, value: work.id },
    { key: JobTypeAttribute, value: work.type },
    { key: PriorityAttribute, value: work.priority },
    { key: StatusAttribute, value: work.status },
    ...(work.caseId === undefined ? [] : [{ key: CaseIdAttribute, value: work.caseId }]),
    ...(work.tenant === undefined ? [] : [{ key: TenantAttribute, value: work.tenant }]),
    ...(work.submitter === undefined ? [] : [{ key: SubmitterAttribute, value: work.submitter }]),
    ...(work.fairness === undefined ? [] : [{ key: FairnessKeyAttribute, value: work.fairness.key }]),
    ...(work.sla === undefined
      ? []
      : [
          { key: SlaDeadlineAttribute, value: new Date(work.sla.deadline) },
          { key: SlaBreachedAttribute, value: false },
          { key: SlaStatusAttribute, value: 'ON_TRACK' },
        ]),
  ];
}
