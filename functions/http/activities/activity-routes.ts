import {
  Activity,
  ActivityId,
  CreateActivityRequest,
  ListActivitiesQuery,
  UpdateActivityRequest,
} from '#shared/activities/activity.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const ActivityPage = pageOf(Activity);
const tag = 'Activities';

export const activityRoutes = {
  logActivity: defineRoute({
    name: 'LogActivity',
    method: 'POST',
    path: '/activities',
    entry: 'functions/http/activities/index.ts',
    access: access.everyone,
    tableAccess: 'readWrite',
    tag,
    summary: 'Log a note, call, meeting, task, email, SMS or chat on a contact, deal and/or company',
    request: { body: CreateActivityRequest },
    responses: { 201: { description: 'Logged', body: Activity }, 400: problems[400], 403: problems[403] },
  }),
  listActivities: defineRoute({
    name: 'ListActivities',
    method: 'GET',
    path: '/activities',
    entry: 'functions/http/activities/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: "A contact's, deal's or company's timeline (newest first), or an owner's open tasks",
    request: { query: ListActivitiesQuery },
    responses: { 200: { description: 'A page of activities', body: ActivityPage }, 400: problems[400] },
  }),
  getActivity: defineRoute({
    name: 'GetActivity',
    method: 'GET',
    path: '/activities/{activityId}',
    entry: 'functions/http/activities/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'Read an activity',
    request: { path: ActivityId },
    responses: { 200: { description: 'The activity', body: Activity }, 404: problems[404] },
  }),
  updateActivity: defineRoute({
    name: 'UpdateActivity',
    method: 'PATCH',
    path: '/activities/{activityId}',
    entry: 'functions/http/activities/index.ts',
    access: access.everyone,
    tableAccess: 'readWrite',
    tag,
    summary: 'Edit an activity or complete a task (done: true)',
    request: { path: ActivityId, body: UpdateActivityRequest },
    responses: {
      200: { description: 'The updated activity', body: Activity },
      400: problems[400],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
  deleteActivity: defineRoute({
    name: 'DeleteActivity',
    method: 'DELETE',
    path: '/activities/{activityId}',
    entry: 'functions/http/activities/index.ts',
    access: access.everyone,
    tableAccess: 'readWrite',
    tag,
    summary: 'Delete an activity',
    request: { path: ActivityId },
    responses: {
      204: { description: 'Deleted' },
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
};
