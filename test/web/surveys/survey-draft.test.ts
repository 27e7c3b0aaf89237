import { describe, expect, it } from 'vitest';
import { CreateSurveyRequest, type Survey } from '#shared/surveys/survey.schema.ts';
import { checkChange, checkNew, draftOf } from '../../../web/src/features/surveys/survey-draft.ts';

const saved: Survey = {
  ...CreateSurveyRequest.parse({
    name: 'Onboarding NPS',
    kind: 'nps',
    question: 'How likely are you to recommend Relay to a colleague?',
    trigger: 'Survey Requested',
    delay: { days: 2 },
    reviewUrl: 'https://reviews.example/relay',
  }),
  id: '01JDEMS0RVEY00000000000001',
  version: 3,
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-02T09:00:00.000Z',
};

describe('the survey form’s draft', () => {
  it('checks a new survey with the API’s schema, digits of any script included', () => {
    const draft = { ...draftOf(), name: 'Support CSAT', kind: 'csat' as const, question: 'Happy?' };
    expect(checkNew({ ...draft, reviewUrl: 'ftp://reviews.example' })).toEqual({
      ok: false,
      errors: { reviewUrl: 'must be an https URL' },
    });
    const checked = checkNew({ ...draft, reviewUrl: 'https://reviews.example', delayDays: '۲', expiresAfterDays: '٧' });
    expect(checked).toMatchObject({
      ok: true,
      data: { kind: 'csat', delay: { days: 2, hours: 0 }, expiresAfterDays: 7 },
    });
  });

  it('sends no patch for a survey left as it was, and only what changed otherwise (its kind never)', () => {
    expect(checkChange(saved, draftOf(saved))).toEqual({ ok: true, data: null });
    expect(checkChange(saved, { ...draftOf(saved), kind: 'ces', name: 'NPS after onboarding' })).toEqual({
      ok: true,
      data: { name: 'NPS after onboarding' },
    });
    expect(checkChange(saved, { ...draftOf(saved), reminderOn: false })).toEqual({
      ok: true,
      data: { reminder: null },
    });
  });

  it('refuses a reminder that would come after the survey stops waiting, on the reminder', () => {
    expect(checkChange(saved, { ...draftOf(saved), reminderAfterDays: '14' })).toEqual({
      ok: false,
      errors: { 'reminder.afterDays': 'the reminder must come before the survey expires' },
    });
    expect(checkNew({ ...draftOf(saved), expiresAfterDays: '3' })).toMatchObject({
      ok: false,
      errors: { 'reminder.afterDays': 'the reminder must come before the survey expires' },
    });
  });
});
