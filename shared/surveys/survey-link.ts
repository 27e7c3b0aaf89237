import { signToken, verifyToken } from '../leads/signed-token.ts';

/** The signed token of a survey's score links: one send (one survey, one contact); the score is the link's own parameter. */
export const surveyToken = (sendId: string, key: string) => signToken({ s: sendId, p: 'survey' }, key);

export function readSurveyToken(token: string | undefined, key: string): string | undefined {
  const payload = verifyToken<{ s?: unknown; p?: unknown }>(token, key);
  return payload?.p === 'survey' && typeof payload.s === 'string' ? payload.s : undefined;
}

export const answerUrl = (publicApiUrl: string, token: string, score: number) =>
  `${publicApiUrl.replace(/\/$/, '')}/survey-answers?token=${encodeURIComponent(token)}&score=${score}`;
