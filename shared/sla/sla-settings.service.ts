import type { AppContext } from '../context.ts';
import { ValidationFailed } from '../errors.ts';
import { domainEvent } from '../events/catalog.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { TeamRepository } from '../owners/team.repository.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import { replaceSettings } from '../settings/settings.service.ts';
import type { BusinessCalendar } from './business-calendar.schema.ts';
import { workingSpans } from './business-hours.ts';
import { noSlaSettings } from './sla-settings.rules.ts';
import type { SlaSettings, SlaSettingsInput, StoredSlaSettings } from './sla-settings.schema.ts';

export interface SlaSettingsDeps {
  slaSettings: SettingsRepository<StoredSlaSettings>;
  teams: TeamRepository;
  owners: OwnerRepository;
  context: AppContext;
}

/** The saved SLA settings, or the defaults at version 0 (no policies: no SLA) before any were saved. */
export async function readSlaSettings(deps: Pick<SlaSettingsDeps, 'slaSettings'>): Promise<SlaSettings> {
  return (await deps.slaSettings.get()) ?? noSlaSettings;
}

/**
 * Replaces the SLA settings after checking that every team and escalation owner they name exists, so a
 * breach is never escalated to nobody. Tickets are read with the new settings at once; `SLA Settings
 * Changed`, in the same transaction, has their breaching-soon order and timers planned again.
 */
export async function saveSlaSettings(
  deps: SlaSettingsDeps,
  input: SlaSettingsInput,
  expectedVersion?: number,
): Promise<StoredSlaSettings> {
  const missing: { pointer: string; message: string }[] = [];
  for (const [index, { teamId }] of input.teamCalendars.entries())
    if (!(await deps.teams.get(teamId)))
      missing.push({ pointer: `/teamCalendars/${index}/teamId`, message: `no team ${teamId}` });
  for (const [index, policy] of input.policies.entries()) {
    const ownerId = policy.escalation?.reassignTo;
    if (ownerId && !(await deps.owners.get(ownerId)))
      missing.push({ pointer: `/policies/${index}/escalation/reassignTo`, message: `no owner ${ownerId}` });
  }
  if (missing.length) throw new ValidationFailed('The SLA settings name teams or owners that do not exist.', missing);
  // A calendar whose holidays leave no working time for two years cannot run a clock: refuse it now rather
  // than fail every read of its tickets.
  const now = deps.context.now();
  const calendars = [
    ...(input.defaultCalendar ? [{ calendar: input.defaultCalendar, pointer: '/defaultCalendar' }] : []),
    ...input.teamCalendars.map(({ calendar }, index) => ({ calendar, pointer: `/teamCalendars/${index}/calendar` })),
  ];
  const idle = calendars.filter(({ calendar }) => !hasWorkingTimeAhead(calendar, now));
  if (idle.length)
    throw new ValidationFailed(
      'A calendar has no working time in the next two years.',
      idle.map(({ pointer }) => ({ pointer: `${pointer}/holidays`, message: 'leaves no working time in two years' })),
    );
  return replaceSettings(deps.slaSettings, input, deps.context, expectedVersion, (saved) => [
    domainEvent(
      'SLA Settings Changed',
      { settingsVersion: saved.version },
      { id: deps.context.newId(), occurredAt: saved.updatedAt },
    ),
  ]);
}

function hasWorkingTimeAhead(calendar: BusinessCalendar, from: Date): boolean {
  try {
    return !workingSpans(calendar, from).next().done;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}
