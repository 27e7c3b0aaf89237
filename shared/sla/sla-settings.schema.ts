import * as z from 'zod';
import { Ulid, versionedFields } from '../common/fields.ts';
import { BusinessCalendar } from './business-calendar.schema.ts';
import { SlaPolicy } from './sla-policy.schema.ts';

/** A team's own working time, when it differs from the default calendar. */
export const TeamCalendar = z.strictObject({ teamId: Ulid, calendar: BusinessCalendar });
export type TeamCalendar = z.infer<typeof TeamCalendar>;

const slaSettingsFields = {
  /** At most one policy per company tier, and one without a tier (the one that applies to everyone else). */
  policies: z.array(SlaPolicy).max(50).default([]),
  /** The working time of teams without their own calendar; none means every hour counts (UTC, around the clock). */
  defaultCalendar: BusinessCalendar.optional(),
  teamCalendars: z.array(TeamCalendar).max(500).default([]),
};

/** What an admin sends to `PUT /settings/sla`: the whole document. */
export const SlaSettingsInput = z.strictObject(slaSettingsFields).superRefine((settings, ctx) => {
  const policyOfTier = new Map<string | undefined, number>();
  const policyOfName = new Map<string, number>();
  settings.policies.forEach((policy, index) => {
    const sameTier = policyOfTier.get(policy.companyTier);
    if (sameTier !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['policies', index, 'companyTier'],
        message: policy.companyTier
          ? `policy ${sameTier} is already for tier "${policy.companyTier}"`
          : `policy ${sameTier} is already the one without a tier`,
      });
    else policyOfTier.set(policy.companyTier, index);
    const sameName = policyOfName.get(policy.name);
    if (sameName !== undefined)
      ctx.addIssue({ code: 'custom', path: ['policies', index, 'name'], message: `policy ${sameName} has this name` });
    else policyOfName.set(policy.name, index);
  });
  const calendarOfTeam = new Map<string, number>();
  settings.teamCalendars.forEach(({ teamId }, index) => {
    const earlier = calendarOfTeam.get(teamId);
    if (earlier !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['teamCalendars', index, 'teamId'],
        message: `team calendar ${earlier} is already this team's`,
      });
    else calendarOfTeam.set(teamId, index);
  });
});
export type SlaSettingsInput = z.infer<typeof SlaSettingsInput>;

/** The stored document (`SETTINGS#sla`), versioned like every settings document. */
export const StoredSlaSettings = z.object({ ...versionedFields, id: z.literal('current'), ...slaSettingsFields });
export type StoredSlaSettings = z.infer<typeof StoredSlaSettings>;

/**
 * The SLA settings as the API gives them: the stored document, or, before an admin saved one, the
 * defaults at version 0 (no policies, so no ticket has an SLA; no calendars). `If-Match: "0"` creates it.
 */
export const SlaSettings = StoredSlaSettings.extend({
  version: z.number().int().min(0),
  createdAt: z.iso.datetime().optional(),
  updatedAt: z.iso.datetime().optional(),
});
export type SlaSettings = z.infer<typeof SlaSettings>;
