/** Every workflow Taskmaster runs; this index is the workers' only workflowsPath. */
export { jobWorkflow } from './job-workflow';
export { investigationWorkflow } from './investigation-workflow';
export { slaAlertWorkflow } from './sla-alert-workflow';
