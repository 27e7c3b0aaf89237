import { lifecycleStages, type LifecycleStage } from '#shared/contacts/contact.schema.ts';
import type { SegmentFilter } from '#shared/segments/segment.schema.ts';

/** The list's filter. The API filters by one of these at a time (a segment combines them). */
export type ContactFilter =
  | { kind: 'all' }
  | { kind: 'owner'; ownerId: string }
  | { kind: 'stage'; lifecycleStage: LifecycleStage }
  | { kind: 'company'; companyId: string }
  | { kind: 'unowned' };

/** Rows read per request as the list scrolls: the most the API gives at once, the fewest requests for a long list. */
export const defaultLimit = 100;

/** The filter, page size and saved view in the address bar (so a screen can be linked and reloaded). */
export function readListParams(params: URLSearchParams): { filter: ContactFilter; limit: number; viewId?: string } {
  const limitText = Number(params.get('limit'));
  const limit = Number.isInteger(limitText) && limitText >= 1 && limitText <= 100 ? limitText : defaultLimit;
  const viewId = params.get('view') ?? undefined;
  const stage = params.get('stage');
  const ownerId = params.get('ownerId');
  const companyId = params.get('companyId');
  const filter: ContactFilter = ownerId
    ? { kind: 'owner', ownerId }
    : stage && (lifecycleStages as readonly string[]).includes(stage)
      ? { kind: 'stage', lifecycleStage: stage as LifecycleStage }
      : companyId
        ? { kind: 'company', companyId }
        : params.get('unowned') === 'true'
          ? { kind: 'unowned' }
          : { kind: 'all' };
  return { filter, limit, ...(viewId ? { viewId } : {}) };
}

/** The address bar's parameters for a filter (others dropped), keeping the page size. */
export function writeListParams(filter: ContactFilter, limit: number, viewId?: string): URLSearchParams {
  const params = new URLSearchParams();
  if (limit !== defaultLimit) params.set('limit', String(limit));
  if (viewId) params.set('view', viewId);
  else if (filter.kind === 'owner') params.set('ownerId', filter.ownerId);
  else if (filter.kind === 'stage') params.set('stage', filter.lifecycleStage);
  else if (filter.kind === 'company') params.set('companyId', filter.companyId);
  else if (filter.kind === 'unowned') params.set('unowned', 'true');
  return params;
}

/** `GET /contacts` query parameters for a filter. */
export function listQuery(filter: ContactFilter): {
  ownerId?: string;
  companyId?: string;
  lifecycleStage?: LifecycleStage;
  unowned?: 'true';
} {
  switch (filter.kind) {
    case 'owner':
      return { ownerId: filter.ownerId };
    case 'stage':
      return { lifecycleStage: filter.lifecycleStage };
    case 'company':
      return { companyId: filter.companyId };
    case 'unowned':
      return { unowned: 'true' };
    case 'all':
      return {};
  }
}

/**
 * The segment criteria that select the same contacts as the filter (shared/segments/segment.schema.ts:
 * an owner is `ownerIds: [id]`, a stage `lifecycleStages: [stage]`); undefined when a segment cannot say
 * it (no criterion means "nobody owns it").
 */
export function segmentFilterOf(filter: ContactFilter): SegmentFilter | undefined {
  switch (filter.kind) {
    case 'owner':
      return { ownerIds: [filter.ownerId] };
    case 'stage':
      return { lifecycleStages: [filter.lifecycleStage] };
    case 'company':
      return { companyId: filter.companyId };
    case 'unowned':
      return undefined;
    case 'all':
      return {};
  }
}
