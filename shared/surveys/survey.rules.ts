import type { ResponseCategory, SurveyKind } from './survey.schema.ts';

/** The scale each kind of survey asks on. */
export const scaleOf: Record<SurveyKind, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

export const scoreIsOnScale = (kind: SurveyKind, score: number) =>
  Number.isInteger(score) && score >= scaleOf[kind].min && score <= scaleOf[kind].max;

/**
 * Who needs a call and who could be asked for a review. NPS by its definition (0–6, 7–8, 9–10);
 * CSAT: 1–2 unhappy, 4–5 happy; CES (7 = very easy): 1–3 struggled, 6–7 found it easy.
 */
export function categoryOf(kind: SurveyKind, score: number): ResponseCategory {
  const [detractorUpTo, promoterFrom] = kind === 'nps' ? [6, 9] : kind === 'csat' ? [2, 4] : [3, 6];
  if (score <= detractorUpTo) return 'detractor';
  return score >= promoterFrom ? 'promoter' : 'passive';
}

/** The timings of one send, in seconds, as the workflow's Wait and task timeouts read them. */
export function sendTimings(survey: {
  delay: { days: number; hours: number };
  reminder: { afterDays: number } | null;
  expiresAfterDays: number;
}) {
  const day = 24 * 3600;
  const expiresAfter = survey.expiresAfterDays * day;
  const reminderAfter = survey.reminder ? survey.reminder.afterDays * day : undefined;
  return {
    delaySeconds: survey.delay.days * day + survey.delay.hours * 3600,
    hasReminder: reminderAfter !== undefined,
    /** How long the first email waits for an answer: until the reminder, or until expiry. */
    firstWaitSeconds: reminderAfter ?? expiresAfter,
    /** How long the reminder then waits, so both together last until expiry. */
    reminderWaitSeconds: expiresAfter - (reminderAfter ?? 0),
  };
}
