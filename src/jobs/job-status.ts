import type { WorkflowExecutionStatusName } from '@temporalio/client';
import type { JobStatus } from './job-request';

/** Temporal's execution status as the API spells it. */
export function jobStatusOf(status: WorkflowExecutionStatusName): JobStatus | 'UNKNOWN' {
  switch (status) {
    case 'RUNNING':
    case 'COMPLETED':
    case 'FAILED':
    case 'TERMINATED':
    case 'TIMED_OUT':
      return status;
    case 'CANCELLED':
      return 'CANCELED';
    default:
      return 'UNKNOWN';
  }
}

/** The visibility query value of ExecutionStatus for an API status. */
export const executionStatusQueryValue: Readonly<Record<JobStatus, string>> = {
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELED: 'Canceled',
  TERMINATED: 'Terminated',
  TIMED_OUT: 'TimedOut',
};
