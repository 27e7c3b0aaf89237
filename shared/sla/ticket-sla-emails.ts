import type { Email } from '../messaging/email-sender.ts';
import { escapeHtml } from '../messaging/html.ts';
import type { SlaMetric } from './sla-timers.rules.ts';

const metricName: Record<SlaMetric, string> = { firstResponse: 'first response', resolution: 'resolution' };

/** The email telling a team's manager that a ticket breached an SLA target, and what was done about it. */
export function ticketSlaBreachedEmail(
  ticket: { number: number; subject: string; priority: string },
  manager: { name: string; email: string },
  breach: {
    metric: SlaMetric;
    dueAt: string;
    policyName: string;
    assignee?: string;
    reassignedTo?: string;
    ticketUrl: string;
  },
): Email {
  const lines = [
    `Hi ${manager.name},`,
    '',
    `Ticket #${ticket.number} "${ticket.subject}" (${ticket.priority}) missed its ${metricName[breach.metric]} target under the ${breach.policyName} policy: it was due at ${breach.dueAt}.`,
    breach.assignee ? `It is assigned to ${breach.assignee}.` : 'Nobody is assigned to it.',
    ...(breach.reassignedTo ? [`It has been reassigned to ${breach.reassignedTo}, as the policy says.`] : []),
    breach.ticketUrl,
  ];
  return {
    to: manager.email,
    subject: `SLA breached: ticket #${ticket.number} (${metricName[breach.metric]})`,
    text: lines.join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
  };
}
