import { ValidationFailed } from '#shared/errors.ts';
import { escapeHtml } from '#shared/messaging/html.ts';
import { answerSurvey, type AnswerOutcome } from '#shared/surveys/survey-answer.service.ts';
import { surveyAnswerDeps } from '../../survey-dependencies.ts';
import { formPage } from '../forms/form-responses.ts';
import type { HttpResult } from '../kit/http-handler.ts';

const invalidLink = () =>
  formPage('This link does not work', 'It may have been changed. Use the link in the survey email you received.', 400);

/** Records the answer and renders the page; bad links and off-scale scores get an HTML 400, as a person clicked them. */
export async function answerAndRender(
  answer: { token: string; score: number; comment?: string },
  followUp: 'ask' | 'thank',
): Promise<HttpResult> {
  let outcome: AnswerOutcome;
  try {
    outcome = await answerSurvey(await surveyAnswerDeps(), answer);
  } catch (error) {
    if (error instanceof ValidationFailed)
      return formPage('That score is not on this survey’s scale', error.message, 400);
    throw error;
  }
  if (outcome.status === 'invalid') return invalidLink();
  if (followUp === 'thank') return formPage('Thank you', 'Your answer and comment are recorded.');
  const action = `?token=${encodeURIComponent(answer.token)}&score=${answer.score}`;
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body:
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Thank you</title></head><body><main>' +
      `<h1>Thank you</h1><p>Your score of ${outcome.response.score} is recorded.</p>` +
      `<form method="post" action="${escapeHtml(action)}"><label for="comment">${escapeHtml(outcome.followUpQuestion)}</label><br>` +
      `<textarea id="comment" name="comment" rows="4" cols="50" maxlength="2000">${escapeHtml(outcome.response.comment ?? '')}</textarea><br><button type="submit">Send</button></form>` +
      '</main></body></html>',
  };
}
