import { definitionIssues } from './campaign-definition.rules.ts';
import { CampaignDefinitionShape, type CampaignDefinition as Definition } from './campaign-definition.schema.ts';

/**
 * A campaign definition with every cross-step rule checked (see campaign-definition.rules.ts). Kept
 * apart from the shape so that code reading stored campaigns does not bundle the template engine.
 */
export const CampaignDefinition = CampaignDefinitionShape.superRefine((definition, ctx) => {
  for (const issue of definitionIssues(definition))
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
export type CampaignDefinition = Definition;
