import { CampaignDefinitionShape, CampaignStep } from '#shared/campaigns/campaign-definition.schema.ts';
import type { VersionStepCounts } from '#shared/campaigns/step-counts.schema.ts';
import type { DraftDefinition } from './journey-draft.ts';

export type LiveStepCounts = VersionStepCounts['steps'][number];
export type LiveTotals = VersionStepCounts['totals'];

/** What a node of the draft shows in live mode: the version's numbers for its step, or why it has none. */
export type LiveNode =
  /** The step is in the version: these are its numbers; `changed` when the draft has edited it since. */
  | { kind: 'counted'; counts: LiveStepCounts; changed: boolean }
  /** A step only the draft has: the version never ran it, so it has no numbers. */
  | { kind: 'draft-only' };

/** A published version's live numbers laid over the draft the canvas draws. */
export interface LiveOverlay {
  version: number;
  /** By the draft's step id. */
  nodes: Map<string, LiveNode>;
  /** Steps of the version that the draft no longer has, with their numbers (not drawn: the canvas draws the draft). */
  onlyInVersion: LiveStepCounts[];
  /** Whether the draft says anything other than the version (any field, not only steps). */
  draftDiffers: boolean;
  totals: LiveTotals;
  countingSince: string | null;
  countsWholeVersion: boolean;
}

/** JSON with every object's keys sorted: a stored definition's maps need not keep the order they were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/**
 * Lays a version's numbers over the draft by step id. The draft is as written (defaults left out) and the
 * version as published (defaults filled in), so both are read by the API's schema before they are compared;
 * a draft step the schema cannot read yet (being edited) counts as changed.
 */
export function liveOverlay(
  draft: DraftDefinition,
  version: { number: number; definition: { steps: readonly { id: string }[] } },
  stats: VersionStepCounts,
): LiveOverlay {
  const published = new Map(version.definition.steps.map((step) => [step.id, canonical(step)]));
  const countsOf = new Map(stats.steps.map((counts) => [counts.stepId, counts]));
  const nodes = new Map<string, LiveNode>();
  for (const step of draft.steps) {
    const counts = countsOf.get(step.id);
    if (!counts || nodes.has(step.id)) {
      if (!nodes.has(step.id)) nodes.set(step.id, { kind: 'draft-only' });
      continue;
    }
    const read = CampaignStep.safeParse(step);
    nodes.set(step.id, {
      kind: 'counted',
      counts,
      changed: !read.success || canonical(read.data) !== published.get(step.id),
    });
  }
  const drafted = new Set(draft.steps.map((step) => step.id));
  const whole = CampaignDefinitionShape.safeParse(draft);
  return {
    version: version.number,
    nodes,
    onlyInVersion: stats.steps.filter((counts) => !drafted.has(counts.stepId)),
    draftDiffers: !whole.success || canonical(whole.data) !== canonical(version.definition),
    totals: stats.totals,
    countingSince: stats.countingSince,
    countsWholeVersion: stats.countsWholeVersion,
  };
}

/** Enrollments that ended at a step other than by completing or converting, over every reason. */
export const exitedTotal = (counts: Pick<LiveStepCounts, 'exited'>) =>
  Object.values(counts.exited).reduce((sum, value) => sum + value, 0);
