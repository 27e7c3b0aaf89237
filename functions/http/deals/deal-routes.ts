import * as z from 'zod';
import { CreateDealRequest, Deal, DealId, ListDealsQuery, MoveDealRequest, StageChange, UpdateDealRequest, WonDealsQuery } from '#shared/deals/deal.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const DealPage = pageOf(Deal);
const tag = 'Deals';

export const dealRoutes = {
  createDeal: defineRoute({
    name: 'CreateDeal', method: 'POST', path: '/deals', entry: 'functions/http/deals/index.ts',
    access: access.sales, tableAccess: 'readWrite', tag, summary: 'Create a deal in an open stage of a pipeline',
    request: { body: CreateDealRequest },
    responses: { 201: { description: 'Created', body: Deal }, 400: problems[400], 403: problems[403] },
  }),
  listDeals: defineRoute({
    name: 'ListDeals', method: 'GET', path: '/deals', entry: 'functions/http/deals/index.ts',
    access: access.everyone, tableAccess: 'read', tag, summary: 'List deals newest first by owner, by pipeline stage, by company or by contact',
    request: { query: ListDealsQuery },
    responses: { 200: { description: 'A page of deals', body: DealPage }, 400: problems[400] },
  }),
  listWonDeals: defineRoute({
    name: 'ListWonDeals', method: 'GET', path: '/deals/won', entry: 'functions/http/deals/index.ts',
    access: access.everyone, tableAccess: 'read', tag, summary: 'Deals won between two dates (UTC, inclusive), oldest first',
    request: { query: WonDealsQuery },
    responses: { 200: { description: 'A page of won deals', body: DealPage }, 400: problems[400] },
  }),
  getDeal: defineRoute({
    name: 'GetDeal', method: 'GET', path: '/deals/{dealId}', entry: 'functions/http/deals/index.ts',
    access: access.everyone, tableAccess: 'read', tag, summary: 'Read a deal',
    request: { path: DealId },
    responses: { 200: { description: 'The deal', body: Deal }, 404: problems[404] },
  }),
  updateDeal: defineRoute({
    name: 'UpdateDeal', method: 'PATCH', path: '/deals/{dealId}', entry: 'functions/http/deals/index.ts',
    access: access.sales, tableAccess: 'readWrite', tag, summary: 'Change a deal (not its stage) with a JSON Merge Patch',
    request: { path: DealId, body: UpdateDealRequest },
    responses: { 200: { description: 'The updated deal', body: Deal }, 400: problems[400], 403: problems[403], 404: problems[404], 409: problems[409], 412: problems[412] },
  }),
  moveDeal: defineRoute({
    name: 'MoveDeal', method: 'POST', path: '/deals/{dealId}/stage', entry: 'functions/http/deals/index.ts',
    access: access.sales, tableAccess: 'readWrite', tag, summary: 'Move a deal to another stage (won/lost with a reason); recorded in its history',
    request: { path: DealId, body: MoveDealRequest },
    responses: { 200: { description: 'The moved deal', body: Deal }, 400: problems[400], 403: problems[403], 404: problems[404], 409: problems[409], 412: problems[412] },
  }),
  dealHistory: defineRoute({
    name: 'DealHistory', method: 'GET', path: '/deals/{dealId}/history', entry: 'functions/http/deals/index.ts',
    access: access.everyone, tableAccess: 'read', tag, summary: "A deal's stage changes, newest first",
    request: { path: DealId },
    responses: { 200: { description: 'Stage changes', body: z.object({ items: z.array(StageChange) }) }, 404: problems[404] },
  }),
  deleteDeal: defineRoute({
    name: 'DeleteDeal', method: 'DELETE', path: '/deals/{dealId}', entry: 'functions/http/deals/index.ts',
    access: access.admin, tableAccess: 'readWrite', tag, summary: 'Delete a deal',
    request: { path: DealId },
    responses: { 204: { description: 'Deleted' }, 403: problems[403], 404: problems[404], 409: problems[409], 412: problems[412] },
  }),
};
