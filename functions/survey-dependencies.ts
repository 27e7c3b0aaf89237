import { tableRefFromEnvironment } from '#shared/db/document-client.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import type { SurveyAnswerDeps } from '#shared/surveys/survey-answer.service.ts';
import type { SurveyOutcomeDeps } from '#shared/surveys/survey-outcome.service.ts';
import type { SurveySendDeps } from '#shared/surveys/survey-send.service.ts';
import { deps, type Dependencies } from './dependencies.ts';
import { appSecrets } from './secrets.ts';
import { workflowCallbacks } from './workflow-callbacks.ts';

// Apart from dependencies.ts so that only the survey functions bundle the Step Functions client.

const emailSender = () =>
  new EmailSender(tableRefFromEnvironment(), process.env.EMAIL_FROM ?? 'Relay <no-reply@relay.example>');

/** Sending a survey: email, the signing key of its links, and resuming a workflow already answered. */
export async function surveySendDeps(): Promise<Dependencies & SurveySendDeps> {
  return {
    ...deps(),
    email: emailSender(),
    callbacks: workflowCallbacks(),
    publicApiUrl: process.env.PUBLIC_API_URL ?? '',
    surveyKey: (await appSecrets()).surveyKey,
  };
}

/** Recording an answer: the key that verifies its link, and resuming the waiting workflow. */
export async function surveyAnswerDeps(): Promise<Dependencies & SurveyAnswerDeps> {
  return { ...deps(), callbacks: workflowCallbacks(), surveyKey: (await appSecrets()).surveyKey };
}

/** Acting on an answer: email (the owner's alert, the promoter's review request). */
export function surveyOutcomeDeps(): Dependencies & SurveyOutcomeDeps {
  return { ...deps(), email: emailSender(), publicApiUrl: process.env.PUBLIC_API_URL ?? '' };
}
