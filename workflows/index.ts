import { contactFollowUpWorkflow } from './contact-follow-up.ts';
import type { Workflow } from './workflow.ts';

/** Settings the workflows take from stage config (infra/) or the local runtime. */
export interface WorkflowSettings {
  contactFollowUpAfterSeconds: number;
}

/** Every workflow Relay runs; CDK deploys exactly these and the local runner executes exactly these. */
export function allWorkflows(settings: WorkflowSettings): Workflow[] {
  return [contactFollowUpWorkflow({ followUpAfterSeconds: settings.contactFollowUpAfterSeconds })];
}
