import { CreateTeamRequest, ListTeamsQuery, Team, TeamId, UpdateTeamRequest } from '#shared/owners/owner.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const TeamPage = pageOf(Team);
const tag = 'Teams';

export const teamRoutes = {
  createTeam: defineRoute({
    name: 'CreateTeam',
    method: 'POST',
    path: '/teams',
    entry: 'functions/http/teams/index.ts',
    access: access.admin,
    tableAccess: 'readWrite',
    tag,
    summary: 'Create a sales team',
    request: { body: CreateTeamRequest },
    responses: { 201: { description: 'Created', body: Team }, 400: problems[400], 403: problems[403] },
  }),
  listTeams: defineRoute({
    name: 'ListTeams',
    method: 'GET',
    path: '/teams',
    entry: 'functions/http/teams/index.ts',
    access: access.customerRecords,
    tableAccess: 'read',
    tag,
    summary: 'List teams alphabetically',
    request: { query: ListTeamsQuery },
    responses: { 200: { description: 'A page of teams', body: TeamPage } },
  }),
  getTeam: defineRoute({
    name: 'GetTeam',
    method: 'GET',
    path: '/teams/{teamId}',
    entry: 'functions/http/teams/index.ts',
    access: access.customerRecords,
    tableAccess: 'read',
    tag,
    summary: 'Read a team',
    request: { path: TeamId },
    responses: { 200: { description: 'The team', body: Team }, 404: problems[404] },
  }),
  updateTeam: defineRoute({
    name: 'UpdateTeam',
    method: 'PATCH',
    path: '/teams/{teamId}',
    entry: 'functions/http/teams/index.ts',
    access: access.admin,
    tableAccess: 'readWrite',
    tag,
    summary: 'Change a team',
    request: { path: TeamId, body: UpdateTeamRequest },
    responses: {
      200: { description: 'The updated team', body: Team },
      400: problems[400],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
};
