import {
  CreateOwnerRequest,
  ListOwnersQuery,
  Owner,
  OwnerId,
  UpdateOwnerRequest,
} from '#shared/owners/owner.schema.ts';
import { Caller } from '#shared/owners/caller.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const OwnerPage = pageOf(Owner);
const tag = 'Owners';

export const ownerRoutes = {
  createOwner: defineRoute({
    name: 'CreateOwner',
    method: 'POST',
    path: '/owners',
    entry: 'functions/http/owners/index.ts',
    access: access.admin,
    tableAccess: 'readWrite',
    tag,
    summary: 'Add a sales rep (email and linked user unique)',
    request: { body: CreateOwnerRequest },
    responses: {
      201: { description: 'Created', body: Owner },
      400: problems[400],
      403: problems[403],
      409: problems[409],
    },
  }),
  getMe: defineRoute({
    name: 'GetMe',
    method: 'GET',
    path: '/me',
    entry: 'functions/http/owners/index.ts',
    access: access.customerRecords,
    tableAccess: 'read',
    tag,
    summary:
      'Who the caller is: subject, username, roles, whether the API limits them to their own records, and their owner record',
    request: {},
    responses: { 200: { description: 'The caller', body: Caller }, 403: problems[403] },
  }),
  listOwners: defineRoute({
    name: 'ListOwners',
    method: 'GET',
    path: '/owners',
    entry: 'functions/http/owners/index.ts',
    access: access.customerRecords,
    tableAccess: 'read',
    tag,
    summary: 'List sales reps alphabetically, by team or territory',
    request: { query: ListOwnersQuery },
    responses: { 200: { description: 'A page of owners', body: OwnerPage }, 400: problems[400] },
  }),
  getOwner: defineRoute({
    name: 'GetOwner',
    method: 'GET',
    path: '/owners/{ownerId}',
    entry: 'functions/http/owners/index.ts',
    access: access.customerRecords,
    tableAccess: 'read',
    tag,
    summary: 'Read a sales rep',
    request: { path: OwnerId },
    responses: { 200: { description: 'The owner', body: Owner }, 404: problems[404] },
  }),
  updateOwner: defineRoute({
    name: 'UpdateOwner',
    method: 'PATCH',
    path: '/owners/{ownerId}',
    entry: 'functions/http/owners/index.ts',
    access: access.admin,
    tableAccess: 'readWrite',
    tag,
    summary: 'Change a sales rep (status, capacity, territories, team...)',
    request: { path: OwnerId, body: UpdateOwnerRequest },
    responses: {
      200: { description: 'The updated owner', body: Owner },
      400: problems[400],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
};
