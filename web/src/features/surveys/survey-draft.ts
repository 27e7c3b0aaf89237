import {
  CreateSurveyRequest,
  surveyKinds,
  surveyTriggers,
  UpdateSurveyRequest,
  type Survey,
  type SurveyKind,
} from '#shared/surveys/survey.schema.ts';
import { fieldErrorsOf } from '../../lib/zod-form.ts';

export { surveyKinds, surveyTriggers };

/** The survey form's state: every member of `CreateSurveyRequest`, as the inputs hold it. */
export interface SurveyDraft {
  name: string;
  kind: SurveyKind;
  question: string;
  followUpQuestion: string;
  trigger: (typeof surveyTriggers)[number];
  delayDays: string;
  delayHours: string;
  reminderOn: boolean;
  reminderAfterDays: string;
  expiresAfterDays: string;
  reviewUrl: string;
  status: 'active' | 'paused';
}

/** The question each kind usually asks, offered for a new survey (the marketer writes their own). */
export const defaultQuestions: Record<SurveyKind, string> = {
  nps: 'How likely are you to recommend us to a friend or colleague?',
  csat: 'How satisfied are you with us?',
  ces: 'How easy was it to get what you needed?',
};

export function draftOf(survey?: Survey): SurveyDraft {
  return {
    name: survey?.name ?? '',
    kind: survey?.kind ?? 'nps',
    question: survey?.question ?? '',
    followUpQuestion: survey?.followUpQuestion ?? 'What is the main reason for your score?',
    trigger: survey?.trigger ?? 'Deal Won',
    delayDays: String(survey?.delay.days ?? 0),
    delayHours: String(survey?.delay.hours ?? 0),
    reminderOn: survey ? survey.reminder !== null : true,
    reminderAfterDays: String(survey?.reminder?.afterDays ?? 3),
    expiresAfterDays: String(survey?.expiresAfterDays ?? 14),
    reviewUrl: survey?.reviewUrl ?? '',
    status: survey?.status ?? 'active',
  };
}

/** A whole number typed in digits of any script; other text is sent as is, for the schema to name. */
const wholeNumber = (cell: string): number | string => {
  const ascii = cell.trim().replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) & 0xf));
  return /^\d+$/.test(ascii) ? Number(ascii) : cell;
};

export function requestOf(draft: SurveyDraft): Record<string, unknown> {
  return {
    name: draft.name,
    kind: draft.kind,
    question: draft.question,
    followUpQuestion: draft.followUpQuestion,
    trigger: draft.trigger,
    delay: { days: wholeNumber(draft.delayDays), hours: wholeNumber(draft.delayHours) },
    reminder: draft.reminderOn ? { afterDays: wholeNumber(draft.reminderAfterDays) } : null,
    expiresAfterDays: wholeNumber(draft.expiresAfterDays),
    reviewUrl: draft.reviewUrl.trim(),
    status: draft.status,
  };
}

type Checked<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

/** A new survey checked by the API's own `CreateSurveyRequest`; errors keyed as its pointers (`reminder.afterDays`). */
export function checkNew(draft: SurveyDraft): Checked<CreateSurveyRequest> {
  const result = CreateSurveyRequest.safeParse(requestOf(draft));
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrorsOf(result.error.issues) };
}

/**
 * The change to a saved survey, checked by `UpdateSurveyRequest`: the members that differ (its kind is fixed,
 * since the answers already given are on its scale). An unchanged survey is no patch at all.
 */
export function checkChange(
  survey: Survey,
  draft: SurveyDraft,
): Checked<UpdateSurveyRequest> | { ok: true; data: null } {
  const { kind: _kind, ...wanted } = requestOf(draft);
  const patch = Object.fromEntries(
    Object.entries(wanted).filter(
      ([key, value]) => JSON.stringify((survey as Record<string, unknown>)[key]) !== JSON.stringify(value),
    ),
  );
  if (Object.keys(patch).length === 0) return { ok: true, data: null };
  const result = UpdateSurveyRequest.safeParse(patch);
  if (!result.success) return { ok: false, errors: fieldErrorsOf(result.error.issues) };
  // The API checks the reminder against the expiry of the survey as changed; so does the console.
  const reminder = draft.reminderOn ? wholeNumber(draft.reminderAfterDays) : null;
  const expires = wholeNumber(draft.expiresAfterDays);
  if (typeof reminder === 'number' && typeof expires === 'number' && reminder >= expires)
    return { ok: false, errors: { 'reminder.afterDays': 'the reminder must come before the survey expires' } };
  return { ok: true, data: result.data };
}

/** The scale of a kind's scores, for its chart's axis: NPS −100…100, CSAT 0…100 % satisfied, CES 1…7. */
export const scoreDomain: Record<SurveyKind, [number, number]> = { nps: [-100, 100], csat: [0, 100], ces: [1, 7] };
