import { describe, expect, it } from 'vitest';
import { categoryOf, scoreIsOnScale, sendTimings } from '#shared/surveys/survey.rules.ts';
import { CreateSurveyRequest } from '#shared/surveys/survey.schema.ts';
import { readSurveyToken, surveyToken } from '#shared/surveys/survey-link.ts';

describe('survey rules', () => {
  it('sorts NPS answers into detractors (0–6), passives (7–8) and promoters (9–10)', () => {
    expect([0, 6, 7, 8, 9, 10].map((score) => categoryOf('nps', score))).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('sorts CSAT (1–5) and CES (1–7, 7 = very easy) answers', () => {
    expect([1, 2, 3, 4, 5].map((score) => categoryOf('csat', score))).toEqual([
      'detractor',
      'detractor',
      'passive',
      'promoter',
      'promoter',
    ]);
    expect([1, 3, 4, 5, 6, 7].map((score) => categoryOf('ces', score))).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('keeps scores on each kind’s scale', () => {
    expect([
      scoreIsOnScale('nps', 0),
      scoreIsOnScale('nps', 11),
      scoreIsOnScale('csat', 0),
      scoreIsOnScale('ces', 7),
      scoreIsOnScale('ces', 2.5),
    ]).toEqual([true, false, false, true, false]);
  });

  it('times a send: the delay, the wait until the reminder, and the reminder’s wait until expiry', () => {
    expect(sendTimings({ delay: { days: 7, hours: 2 }, reminder: { afterDays: 3 }, expiresAfterDays: 14 })).toEqual({
      delaySeconds: 7 * 86400 + 7200,
      hasReminder: true,
      firstWaitSeconds: 3 * 86400,
      reminderWaitSeconds: 11 * 86400,
    });
    expect(sendTimings({ delay: { days: 0, hours: 0 }, reminder: null, expiresAfterDays: 5 })).toMatchObject({
      hasReminder: false,
      firstWaitSeconds: 5 * 86400,
    });
  });

  it('refuses a reminder after expiry and a review link that is not https, naming the field', () => {
    const result = CreateSurveyRequest.safeParse({
      name: 'NPS',
      kind: 'nps',
      question: 'How likely?',
      reminder: { afterDays: 20 },
      expiresAfterDays: 14,
      reviewUrl: 'http://reviews.example/relay',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(expect.arrayContaining(['reviewUrl']));
    const late = CreateSurveyRequest.safeParse({
      name: 'NPS',
      kind: 'nps',
      question: 'How likely?',
      reminder: { afterDays: 20 },
      expiresAfterDays: 14,
      reviewUrl: 'https://reviews.example/relay',
    });
    expect(late.error?.issues).toEqual([
      expect.objectContaining({
        path: ['reminder', 'afterDays'],
        message: 'the reminder must come before the survey expires',
      }),
    ]);
  });

  it('signs answer links for one send; a changed token is refused', () => {
    const token = surveyToken('send-1', 'key-0123456789');
    expect(readSurveyToken(token, 'key-0123456789')).toBe('send-1');
    expect(readSurveyToken(`${token.slice(0, -2)}xx`, 'key-0123456789')).toBeUndefined();
    expect(readSurveyToken(token, 'another-key-0123')).toBeUndefined();
  });
});
