import { contactFollowUpWorkflow } from './contact-follow-up.ts';
import { campaignStepWorkflow } from './campaign-step.ts';
import { leadLifecycleWorkflow } from './lead-lifecycle.ts';
import { postSaleSurveyWorkflow } from './post-sale-survey.ts';
import { segmentCountWorkflow } from './segment-count.ts';
import { segmentEnrollmentWorkflow } from './segment-enrollment.ts';
import type { Workflow } from './workflow.ts';

/** Settings the workflows take from stage config (infra/) or the local runtime. */
export interface WorkflowSettings {
  contactFollowUpAfterSeconds: number;
  /** How long a rep has to touch a routed lead before it is reassigned (the lead-lifecycle SLA timer). */
  leadSlaSeconds: number;
}

/** Every workflow Relay runs; CDK deploys exactly these and the local runner executes exactly these. */
export function allWorkflows(settings: WorkflowSettings): Workflow[] {
  return [
    contactFollowUpWorkflow({ followUpAfterSeconds: settings.contactFollowUpAfterSeconds }),
    leadLifecycleWorkflow(),
    campaignStepWorkflow(),
    segmentEnrollmentWorkflow(),
    segmentCountWorkflow(),
    postSaleSurveyWorkflow(),
  ];
}
