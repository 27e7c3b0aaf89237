import * as z from 'zod';
import { Contact } from '#shared/contacts/contact.schema.ts';
import {
  CreateSegmentRequest,
  ListSegmentsQuery,
  Segment,
  SegmentCount,
  SegmentCountQuery,
  SegmentId,
  SegmentMembersQuery,
  UpdateSegmentRequest,
} from '#shared/segments/segment.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const SegmentPage = pageOf(Segment);
const MemberPage = z.object({ items: z.array(Contact), nextCursor: z.string().optional(), plan: z.string() });
const tag = 'Segments';

export const segmentRoutes = {
  createSegment: defineRoute({
    name: 'CreateSegment',
    method: 'POST',
    path: '/segments',
    entry: 'functions/http/segments/index.ts',
    access: access.marketing,
    tableAccess: 'readWrite',
    tag,
    summary: 'Save a filter over contacts',
    request: { body: CreateSegmentRequest },
    responses: { 201: { description: 'Created', body: Segment }, 400: problems[400], 403: problems[403] },
  }),
  listSegments: defineRoute({
    name: 'ListSegments',
    method: 'GET',
    path: '/segments',
    entry: 'functions/http/segments/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'List segments alphabetically',
    request: { query: ListSegmentsQuery },
    responses: { 200: { description: 'A page of segments', body: SegmentPage } },
  }),
  getSegment: defineRoute({
    name: 'GetSegment',
    method: 'GET',
    path: '/segments/{segmentId}',
    entry: 'functions/http/segments/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'Read a segment',
    request: { path: SegmentId },
    responses: { 200: { description: 'The segment', body: Segment }, 404: problems[404] },
  }),
  updateSegment: defineRoute({
    name: 'UpdateSegment',
    method: 'PATCH',
    path: '/segments/{segmentId}',
    entry: 'functions/http/segments/index.ts',
    access: access.marketing,
    tableAccess: 'readWrite',
    tag,
    summary: 'Change a segment',
    request: { path: SegmentId, body: UpdateSegmentRequest },
    responses: {
      200: { description: 'The updated segment', body: Segment },
      400: problems[400],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
  deleteSegment: defineRoute({
    name: 'DeleteSegment',
    method: 'DELETE',
    path: '/segments/{segmentId}',
    entry: 'functions/http/segments/index.ts',
    access: access.marketing,
    tableAccess: 'readWrite',
    tag,
    summary: 'Delete a segment',
    request: { path: SegmentId },
    responses: { 204: { description: 'Deleted' }, 403: problems[403], 404: problems[404], 412: problems[412] },
  }),
  segmentMembers: defineRoute({
    name: 'SegmentMembers',
    method: 'GET',
    path: '/segments/{segmentId}/members',
    entry: 'functions/http/segments/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: "A page of the segment's contacts, newest first (a page may be short while nextCursor says there is more)",
    request: { path: SegmentId, query: SegmentMembersQuery },
    responses: { 200: { description: 'Members', body: MemberPage }, 404: problems[404] },
  }),
  countSegment: defineRoute({
    name: 'CountSegment',
    method: 'GET',
    path: '/segments/{segmentId}/count',
    entry: 'functions/http/segments/index.ts',
    access: access.everyone,
    tableAccess: 'readWrite',
    setsTimers: true,
    tag,
    summary:
      'How many contacts the segment holds: counted now when that reads at most 5,000 contacts, else in the background (202 until done)',
    request: { path: SegmentId, query: SegmentCountQuery },
    responses: {
      200: { description: 'The count', body: SegmentCount },
      202: { description: 'Too big to count in one request: a background count is running', body: SegmentCount },
      404: problems[404],
    },
  }),
};
