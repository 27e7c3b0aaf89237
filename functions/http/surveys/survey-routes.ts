import * as z from 'zod';
import { CreateSurveyRequest, ListSurveyResponsesQuery, ListSurveysQuery, RequestSurveyRequest, Survey, SurveyId, SurveyResponse, UpdateSurveyRequest } from '#shared/surveys/survey.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const tag = 'Surveys';
const entry = 'functions/http/surveys/index.ts';

export const surveyRoutes = {
  createSurvey: defineRoute({
    name: 'CreateSurvey', method: 'POST', path: '/surveys', entry,
    access: access.marketing, tableAccess: 'readWrite', tag, summary: 'Define a survey (NPS, CSAT or CES): question, trigger, delay, reminder; one active survey per trigger',
    request: { body: CreateSurveyRequest },
    responses: { 201: { description: 'Created', body: Survey }, 400: problems[400], 403: problems[403], 409: problems[409] },
  }),
  listSurveys: defineRoute({
    name: 'ListSurveys', method: 'GET', path: '/surveys', entry,
    access: access.everyone, tableAccess: 'read', tag, summary: 'List surveys by name',
    request: { query: ListSurveysQuery },
    responses: { 200: { description: 'A page of surveys', body: pageOf(Survey) } },
  }),
  getSurvey: defineRoute({
    name: 'GetSurvey', method: 'GET', path: '/surveys/{surveyId}', entry,
    access: access.everyone, tableAccess: 'read', tag, summary: 'Read a survey',
    request: { path: SurveyId },
    responses: { 200: { description: 'The survey', body: Survey }, 404: problems[404] },
  }),
  updateSurvey: defineRoute({
    name: 'UpdateSurvey', method: 'PATCH', path: '/surveys/{surveyId}', entry,
    access: access.marketing, tableAccess: 'readWrite', tag, summary: 'Change a survey, pause or activate it (If-Match)',
    request: { path: SurveyId, body: UpdateSurveyRequest },
    responses: { 200: { description: 'The updated survey', body: Survey }, 400: problems[400], 403: problems[403], 404: problems[404], 409: problems[409], 412: problems[412] },
  }),
  deleteSurvey: defineRoute({
    name: 'DeleteSurvey', method: 'DELETE', path: '/surveys/{surveyId}', entry,
    access: access.marketing, tableAccess: 'readWrite', tag, summary: 'Delete a survey (its sends and responses stay)',
    request: { path: SurveyId },
    responses: { 204: { description: 'Deleted' }, 403: problems[403], 404: problems[404], 412: problems[412] },
  }),
  requestSurvey: defineRoute({
    name: 'RequestSurvey', method: 'POST', path: '/surveys/{surveyId}/requests', entry,
    access: access.everyone, tableAccess: 'readWrite', tag, summary: 'Send the survey to a contact (after its delay): publishes Survey Requested',
    request: { path: SurveyId, body: RequestSurveyRequest },
    responses: { 202: { description: 'Requested', body: z.object({ eventId: z.string() }) }, 400: problems[400], 404: problems[404], 409: problems[409] },
  }),
  listSurveyResponses: defineRoute({
    name: 'ListSurveyResponses', method: 'GET', path: '/surveys/{surveyId}/responses', entry,
    access: access.everyone, tableAccess: 'read', tag, summary: 'The survey’s responses, newest first',
    request: { path: SurveyId, query: ListSurveyResponsesQuery },
    responses: { 200: { description: 'A page of responses', body: pageOf(SurveyResponse) }, 404: problems[404] },
  }),
};
