import * as z from 'zod';
import { ar, fa } from 'zod/locales';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { stepNodeIds } from './journey-canvas-model.ts';
import type { DraftDefinition } from './journey-draft.ts';

/** One thing the API's schema finds wrong, pinned to a node of the canvas and the field of its panel. */
export interface PinnedIssue {
  /** `trigger` for the campaign's own fields (its panel is the trigger's), else the step's node. */
  nodeId: string;
  /** The field's path inside the step (`content.subject`, `then`) or the campaign (`sendWindow.endHour`); '' = the whole. */
  field: string;
  message: string;
}

// The schema's own messages in the reader's language (zod's locales); the domain's messages are English.
const localeErrors: Record<string, z.core.$ZodErrorMap | undefined> = {
  fa: fa().localeError,
  ar: ar().localeError,
};

/**
 * What the API would say about this definition (the same `CampaignDefinition` schema, cross-step rules included),
 * each issue pinned by its path: `steps.3.then` to step 3's node and field `then`, `sendWindow.endHour` to the
 * journey's settings. Empty when the API would take it.
 */
export function issuesOf(draft: DraftDefinition, language = 'en'): PinnedIssue[] {
  const error = localeErrors[language];
  const result = CampaignDefinition.safeParse(draft, error ? { error } : undefined);
  if (result.success) return [];
  const nodeIds = stepNodeIds(draft.steps);
  return result.error.issues.map((issue) => {
    const [head, index, ...rest] = issue.path;
    if (head === 'steps' && typeof index === 'number' && nodeIds[index])
      return { nodeId: nodeIds[index] as string, field: rest.map(String).join('.'), message: issue.message };
    return { nodeId: 'trigger', field: issue.path.map(String).join('.'), message: issue.message };
  });
}

/** The issues of one node, by field ('' = the node as a whole). */
export function issuesByField(issues: readonly PinnedIssue[], nodeId: string): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const issue of issues.filter((each) => each.nodeId === nodeId))
    byField.set(issue.field, [...(byField.get(issue.field) ?? []), issue.message]);
  return byField;
}
