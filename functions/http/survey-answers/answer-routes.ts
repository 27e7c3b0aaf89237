import { AnswerForm, AnswerQuery } from '#shared/surveys/survey.schema.ts';
import { defineRoute } from '../kit/route.ts';

const tag = 'Survey answers';
const entry = 'functions/http/survey-answers/index.ts';

export const answerRoutes = {
  answerSurvey: defineRoute({
    name: 'AnswerSurvey',
    method: 'GET',
    path: '/survey-answers',
    entry,
    access: 'public',
    publicBecause: 'the link is HMAC-signed for one survey send; a tampered one changes nothing.',
    tableAccess: 'readWrite',
    tag,
    usesAppSecrets: true,
    resumesWorkflows: true,
    summary:
      'A score link in a survey email: records the score at once (a second click changes it) and shows a thank-you page asking for a comment',
    request: { query: AnswerQuery },
    responses: {
      200: { description: 'Thank-you page (HTML) with the follow-up question' },
      400: { description: 'The link is not valid, or the score is off the scale (HTML page)' },
    },
  }),
  commentOnSurvey: defineRoute({
    name: 'CommentOnSurvey',
    method: 'POST',
    path: '/survey-answers',
    entry,
    access: 'public',
    publicBecause: 'the link is HMAC-signed for one survey send; a tampered one changes nothing.',
    tableAccess: 'readWrite',
    tag,
    usesAppSecrets: true,
    resumesWorkflows: true,
    summary: 'The thank-you page’s form: the score again (it may change) and the optional comment',
    request: { query: AnswerQuery, formBody: AnswerForm },
    responses: {
      200: { description: 'Thank-you page (HTML)' },
      400: { description: 'The link is not valid, or the score is off the scale (HTML page)' },
    },
  }),
};
