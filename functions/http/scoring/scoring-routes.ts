import { ContactId } from '#shared/contacts/contact.schema.ts';
import { TrackEngagementReceipt, TrackEngagementRequest } from '#shared/scoring/engagement.schema.ts';
import { LeadScore, ScoringModel, ScoringModelInput } from '#shared/scoring/scoring-model.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute } from '../kit/route.ts';

const tag = 'Lead scoring';
const entry = 'functions/http/scoring/index.ts';

export const scoringRoutes = {
  getScoringModel: defineRoute({
    name: 'GetScoringModel',
    method: 'GET',
    path: '/scoring-model',
    entry,
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'The scoring model: fit and behaviour rules, grades and stage thresholds',
    request: {},
    responses: { 200: { description: 'The model (ETag = its version)', body: ScoringModel }, 404: problems[404] },
  }),
  putScoringModel: defineRoute({
    name: 'PutScoringModel',
    method: 'PUT',
    path: '/scoring-model',
    entry,
    access: access.marketing,
    tableAccess: 'readWrite',
    tag,
    summary:
      'Replace the scoring model (send If-Match with the ETag you read). New scores use it from the next rescoring.',
    request: { body: ScoringModelInput },
    responses: {
      200: { description: 'The saved model', body: ScoringModel },
      400: problems[400],
      403: problems[403],
      412: problems[412],
    },
  }),
  getContactScore: defineRoute({
    name: 'GetContactScore',
    method: 'GET',
    path: '/contacts/{contactId}/score',
    entry,
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'A contact’s score as of now (decay applied), its grade, stage and which rules gave how many points',
    request: { path: ContactId },
    responses: { 200: { description: 'The score and its explanation', body: LeadScore }, 404: problems[404] },
  }),
  scoreContactWithModel: defineRoute({
    name: 'ScoreContactWithModel',
    method: 'POST',
    path: '/contacts/{contactId}/score',
    entry,
    access: access.marketing,
    tableAccess: 'read',
    tag,
    summary:
      'A dry run: the score, grade, stage and rule-by-rule explanation the model sent (not saved) would give the contact now. Nothing is written; modelVersion is 0',
    request: { path: ContactId, body: ScoringModelInput },
    responses: {
      200: { description: 'The score the model would give', body: LeadScore },
      400: problems[400],
      403: problems[403],
      404: problems[404],
    },
  }),
  trackEngagement: defineRoute({
    name: 'TrackEngagement',
    method: 'POST',
    path: '/track',
    entry,
    access: access.marketing,
    tableAccess: 'readWrite',
    tag,
    summary: 'Record a page view or product event of a contact (server-side tracking); the contact is rescored',
    request: { body: TrackEngagementRequest },
    responses: {
      202: { description: 'Recorded; rescoring follows', body: TrackEngagementReceipt },
      400: problems[400],
      403: problems[403],
      404: problems[404],
    },
  }),
};
