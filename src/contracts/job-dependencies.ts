/**
 * How a job waits for the jobs it depends on (`dependsOn`), shared by the job workflow, the dependants' watch
 * workflow and the dependency activities. Pure module: safe inside the workflow sandbox.
 *
 * The dependant registers with each dependency's workflow by a signal; the dependency, when it closes, has each
 * registered dependant signalled with its outcome; the dependant waits on those signals. Waiting holds no worker
 * slot and polls nothing.
 */
import { defineSignal } from '@temporalio/workflow';

/** How a dependency ended, as its dependants are told. RUNNING only from a read of a dependency still open. */
export type DependencyStatus = 'COMPLETED' | 'FAILED' | 'CANCELED' | 'TERMINATED' | 'TIMED_OUT' | 'NOT_FOUND' | 'RUNNING';

export interface DependencyOutcome {
  /** The dependency's job id. */
  jobId: string;
  status: DependencyStatus;
  /** Why it did not complete: its failure's message. */
  message?: string;
}

/** Dependant -> dependency: "tell this workflow how you end". */
export const registerDependantSignal = defineSignal<[{ workflowId: string }]>('registerDependant');

/** Dependency -> dependant: the dependency closed, with this outcome. */
export const dependencyClosedSignal = defineSignal<[DependencyOutcome]>('dependencyClosed');

/** Dependency -> its dependants' watch: every registered dependant was told, so the watch has nothing to do. */
export const dependantsNotifiedSignal = defineSignal('dependantsNotified');

export interface DependantsWatchInput {
  /** The job whose dependants the watch tells, should that job be terminated or time out. */
  dependencyJobId: string;
}

/** The failure message of a dependant whose dependency did not complete (the same for every path). */
export const dependencyFailedMessage = (jobId: string, reason: string): string => `dependency ${jobId} did not complete: ${reason}`;

export const dependencyNotFoundMessage = (jobId: string): string => `dependency ${jobId} does not exist`;
