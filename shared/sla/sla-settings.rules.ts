import type { BusinessCalendar } from './business-calendar.schema.ts';
import type { SlaSettings } from './sla-settings.schema.ts';

/**
 * The settings before an admin saves any: no policies, so no ticket has an SLA. Inventing targets
 * nobody agreed to would warn agents and email managers about promises the company never made.
 */
export const noSlaSettings: SlaSettings = { id: 'current', version: 0, policies: [], teamCalendars: [] };

const wholeDay = [{ start: '00:00', end: '24:00' }];
/**
 * The calendar when none is configured: every hour of every day, in UTC. Business-hours durations
 * then equal wall-clock durations, which is the honest reading of "no working hours were given"
 * (a guess such as Monday to Friday 9 to 5 would be wrong for most of the world).
 */
export const aroundTheClock: BusinessCalendar = {
  timeZone: 'UTC',
  week: { sat: wholeDay, sun: wholeDay, mon: wholeDay, tue: wholeDay, wed: wholeDay, thu: wholeDay, fri: wholeDay },
  holidays: [],
};

/**
 * The working time a team's SLA clocks (and business-hours durations) count: the team's own calendar,
 * else the default calendar, else around the clock in UTC. No settings at all is the same as none saved.
 */
export function calendarFor(
  settings: Pick<SlaSettings, 'defaultCalendar' | 'teamCalendars'> | undefined,
  teamId?: string,
): BusinessCalendar {
  const ofTeam = teamId ? settings?.teamCalendars.find((entry) => entry.teamId === teamId) : undefined;
  return ofTeam?.calendar ?? settings?.defaultCalendar ?? aroundTheClock;
}
