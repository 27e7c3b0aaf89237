import type { AppContext } from '../context.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { domainEvent, type DomainEvent, type EventType } from '../events/catalog.ts';
import type { EmailSender } from '../messaging/email-sender.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { TeamRepository } from '../owners/team.repository.ts';
import type { TimerScheduler } from '../scheduling/timers.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import type { TicketRepository } from '../tickets/ticket.repository.ts';
import type { Ticket } from '../tickets/ticket.schema.ts';
import { firingOutcome, slaTimers, type SlaMetric, type SlaTimer, type SlaTimerKind } from './sla-timers.rules.ts';
import { readSlaSettings } from './sla-settings.service.ts';
import type { SlaSettings, StoredSlaSettings } from './sla-settings.schema.ts';
import { ticketSlaBreachedEmail } from './ticket-sla-emails.ts';
import { nextSlaDueAt, readTicketSlaClocks } from './ticket-sla.rules.ts';
import { ticketStatusKinds } from '../tickets/ticket-pipeline.ts';

export interface TicketSlaTimerDeps {
  tickets: TicketRepository;
  slaSettings: SettingsRepository<StoredSlaSettings>;
  owners: OwnerRepository;
  teams: TeamRepository;
  timers: TimerScheduler;
  email: EmailSender;
  context: AppContext;
  /** Base URL of the API, for the link to the ticket in the manager's email. */
  publicApiUrl: string;
}

const slaMetrics: readonly SlaMetric[] = ['firstResponse', 'resolution'];

/**
 * The ticket events after which its SLA timers are planned again: a new ticket, a status move (waiting
 * pauses, resolving stops), the first reply (stops the first-response clock), a new team (another
 * calendar) or a new priority (other targets).
 */
export const slaPlanningEventTypes = [
  'Ticket Created',
  'Ticket Status Changed',
  'Ticket Replied',
  'Ticket Assigned',
  'Ticket Priority Changed',
] as const satisfies readonly EventType[];

/**
 * Sets the warning and breach timers the ticket's SLA needs as it is now (read fresh, so the order and
 * repeats of the events that ask for it do not matter). Timers are named after what they fire for and when
 * (slaTimers), so planning again is idempotent: an unchanged timer is kept, a moved one is set anew, and the
 * old one finds itself stale when it fires. A finished or paused ticket, or one without a policy, gets none.
 */
export async function planTicketSlaTimers(
  deps: Pick<TicketSlaTimerDeps, 'tickets' | 'slaSettings' | 'timers' | 'context'>,
  ticketId: string,
): Promise<SlaTimer[]> {
  const ticket = await deps.tickets.get(ticketId);
  if (!ticket) return [];
  return setTimersFor(deps, ticket, await readSlaSettings(deps));
}

async function setTimersFor(
  deps: Pick<TicketSlaTimerDeps, 'timers' | 'context'>,
  ticket: Ticket,
  settings: SlaSettings,
): Promise<SlaTimer[]> {
  if (ticket.statusKind === 'resolved' || ticket.statusKind === 'closed') return [];
  const read = readTicketSlaClocks(ticket, settings, deps.context.now());
  if (!read) return [];
  const planned = slaMetrics.flatMap((metric) =>
    slaTimers(ticket.id, metric, read.clocks[metric]).map((timer) => ({ ...timer, metric })),
  );
  for (const timer of planned)
    await deps.timers.scheduleOnce({
      name: timer.name,
      target: 'ticket-sla-check',
      at: timer.at,
      payload: { ticketId: ticket.id, metric: timer.metric, kind: timer.kind },
    });
  return planned;
}

/** The status kinds of unfinished tickets, whose SLA clocks may still be counting. */
const unfinishedKinds = ticketStatusKinds.filter((kind) => kind !== 'resolved' && kind !== 'closed');
const replanPageSize = 100;

/**
 * After the SLA settings changed: every unfinished ticket gets the due time of the new policy and calendar in
 * the breaching-soon index, and the timers they call for. Pages through the status-kind partitions (an
 * index query per 100 tickets, never a Scan). `slaDueAt` is derived data, so it is written under the
 * ticket's version without a new one (nobody's ETag goes stale); a ticket changed meanwhile was written with
 * the new settings already, and is read again. Idempotent: a redelivery moves nothing and sets no new timer.
 */
export async function replanOpenTicketSlas(
  deps: Pick<TicketSlaTimerDeps, 'tickets' | 'slaSettings' | 'timers' | 'context'>,
): Promise<{ tickets: number; moved: number; timers: number }> {
  const settings = await readSlaSettings(deps);
  const totals = { tickets: 0, moved: 0, timers: 0 };
  for (const kind of unfinishedKinds) {
    let cursor: string | undefined;
    do {
      const page = await deps.tickets.listByStatusKind(kind, replanPageSize, cursor);
      for (const listed of page.items) {
        const ticket = await refreshSlaDue(deps, listed, settings);
        if (!ticket) continue;
        totals.tickets += 1;
        if (ticket.slaDueAt !== listed.slaDueAt) totals.moved += 1;
        totals.timers += (await setTimersFor(deps, ticket, settings)).length;
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return totals;
}

/** The ticket with its due time under `settings`, written if it moved; read again when an edit slipped in. */
async function refreshSlaDue(
  deps: Pick<TicketSlaTimerDeps, 'tickets'>,
  listed: Ticket,
  settings: SlaSettings,
): Promise<Ticket | undefined> {
  let ticket: Ticket | undefined = listed;
  for (let attempt = 1; ticket; attempt++) {
    const slaDueAt = nextSlaDueAt(ticket, settings);
    if (slaDueAt === ticket.slaDueAt) return ticket;
    const { slaDueAt: _stale, ...rest } = ticket;
    const refreshed: Ticket = slaDueAt ? { ...rest, slaDueAt } : rest;
    try {
      await deps.tickets.refreshDerived(refreshed);
      return refreshed;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed) || attempt >= escalationAttempts) throw error;
      ticket = await deps.tickets.get(listed.id);
    }
  }
  return undefined;
}

export type SlaFiringOutcome = 'warned' | 'breached' | 'stale' | 'ticket-gone';

/**
 * A warning or breach timer fired: read the clock again, and only if it is still due at the timer's minute
 * publish `Ticket SLA Warning` or `Ticket SLA Breached`; a breach also reassigns the ticket when the policy
 * says so (with `Ticket Assigned`) and emails the team's manager. Everything is idempotent, so a retried
 * firing finishes what an earlier try began without doing anything twice: the events' ids come from the
 * timer, so their outbox items are written once; the reassignment is conditional on the ticket's version;
 * the email is sent once per breach. (A second delivery of the same firing is stopped before this by the
 * timer's claim marker.)
 */
export async function fireTicketSlaTimer(
  deps: TicketSlaTimerDeps,
  timer: { ticketId: string; metric: SlaMetric; kind: SlaTimerKind; firing: { name: string; at: string } },
): Promise<SlaFiringOutcome> {
  for (let attempt = 1; ; attempt++) {
    const ticket = await deps.tickets.get(timer.ticketId);
    if (!ticket) return 'ticket-gone';
    const settings = await readSlaSettings(deps);
    // Scheduler fires at the timer's minute or later; the time-scaled local stack fires it early in real time.
    // Either way the timer stands for its minute: the clock is read then, or now if that is later.
    const now = new Date(Math.max(deps.context.now().getTime(), Date.parse(timer.firing.at)));
    const read = readTicketSlaClocks(ticket, settings, now);
    if (!read) return 'stale';
    const reading = read.clocks[timer.metric];
    const outcome = firingOutcome({ kind: timer.kind, at: timer.firing.at }, reading);
    if (outcome === 'stale' || !reading.dueAt) return 'stale';
    const fired = domainEvent(
      outcome === 'warn' ? 'Ticket SLA Warning' : 'Ticket SLA Breached',
      {
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        metric: timer.metric,
        dueAt: reading.dueAt.toISOString(),
        priority: ticket.priority,
        policyName: read.policy.name,
        assigneeId: ticket.assigneeId,
        teamId: ticket.teamId,
      },
      { id: `${timer.firing.name}@${timer.firing.at}`, occurredAt: now.toISOString() },
    );
    if (outcome === 'warn') {
      await deps.tickets.publishAbout(ticket.id, [fired]);
      return 'warned';
    }
    const reassignTo = read.policy.escalation?.reassignTo;
    const reassigned =
      reassignTo && reassignTo !== ticket.assigneeId ? reassignedTicket(ticket, reassignTo, deps.context) : undefined;
    try {
      if (reassigned)
        await deps.tickets.update(ticket, reassigned, undefined, [fired, assignedEvent(ticket, reassigned, fired)]);
      else await deps.tickets.publishAbout(ticket.id, [fired]);
    } catch (error) {
      // An edit slipped in between the read and the reassignment: read the ticket again.
      if (error instanceof TransactionConditionFailed && attempt < escalationAttempts) continue;
      throw error;
    }
    await tellTheManager(deps, reassigned ?? ticket, ticket.assigneeId, {
      metric: timer.metric,
      dueAt: fired.detail.dueAt,
      policyName: read.policy.name,
      sendKey: `ticket-sla-breached:${fired.detail.id}`,
      ...(reassigned ? { reassignedTo: reassignTo } : {}),
    });
    return 'breached';
  }
}

/** How often a breach (or a re-plan) reads the ticket again when an edit keeps slipping in before its write. */
const escalationAttempts = 3;

function reassignedTicket(ticket: Ticket, assigneeId: string, context: AppContext): Ticket {
  return { ...ticket, assigneeId, version: ticket.version + 1, updatedAt: context.now().toISOString() };
}

function assignedEvent(before: Ticket, after: Ticket, cause: DomainEvent): DomainEvent {
  return domainEvent(
    'Ticket Assigned',
    {
      ticketId: after.id,
      ticketNumber: after.number,
      assigneeId: after.assigneeId,
      previousAssigneeId: before.assigneeId,
      teamId: after.teamId,
      previousTeamId: before.teamId,
    },
    { id: `${cause.detail.id}#reassigned`, occurredAt: cause.detail.occurredAt },
  );
}

/** Emails the manager of the ticket's team, once per breach; a ticket without a team or a team without a manager tells nobody. */
async function tellTheManager(
  deps: TicketSlaTimerDeps,
  ticket: Ticket,
  previousAssigneeId: string | undefined,
  breach: { metric: SlaMetric; dueAt: string; policyName: string; sendKey: string; reassignedTo?: string },
): Promise<void> {
  const team = ticket.teamId ? await deps.teams.get(ticket.teamId) : undefined;
  const manager = team?.managerOwnerId ? await deps.owners.get(team.managerOwnerId) : undefined;
  if (!manager) return;
  const nameOf = async (ownerId: string | undefined) =>
    ownerId ? ((await deps.owners.get(ownerId))?.name ?? ownerId) : undefined;
  const [assignee, reassignedTo] = await Promise.all([nameOf(previousAssigneeId), nameOf(breach.reassignedTo)]);
  await deps.email.sendOnce(
    breach.sendKey,
    ticketSlaBreachedEmail(ticket, manager, {
      metric: breach.metric,
      dueAt: breach.dueAt,
      policyName: breach.policyName,
      ...(assignee ? { assignee } : {}),
      ...(reassignedTo ? { reassignedTo } : {}),
      ticketUrl: `${deps.publicApiUrl.replace(/\/$/, '')}/tickets/${ticket.id}`,
    }),
  );
}
