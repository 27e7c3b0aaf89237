import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { slaTargets } from '#shared/sla/sla-countdown.rules.ts';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import {
  TicketNumber,
  TicketPriorityBadge,
  TicketStatusBadge,
  useTicketStatusName,
} from '../../components/TicketBadges';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useContact, useOwners, useTeams, useTicket, useTicketHistory, useTicketStatuses, type Ticket } from './api';
import { Composer } from './Composer';
import { SlaCountdown } from './SlaCountdown';
import { Conversation } from './Conversation';
import { mayWorkTicket } from './ticket-access';
import { authorName, contactName } from './ticket-text';
import { DetailsForm, StatusControl } from './TicketControls';

/** One ticket: who and what, its status and who works it, the conversation with its composers, and its history. */
export function TicketPage() {
  const { t } = useTranslation('tickets');
  const format = useFormat();
  const nameOfStatus = useTicketStatusName();
  const { ticketId = '' } = useParams();
  const ticket = useTicket(ticketId);
  const contact = useContact(ticket.data?.contactId);
  const statuses = useTicketStatuses();
  const owners = useOwners();
  const teams = useTeams();
  const me = useMe();
  // Set when a write found the ticket changed since it was shown (412); cleared by the next write that succeeds.
  const [stale, setStale] = useState(false);
  if (ticket.isPending) return <PageLoader />;
  if (!ticket.data)
    return (
      <Stack>
        <ProblemAlert error={ticket.error} />
        <Anchor component={Link} to="/tickets" c="indigo.8">
          {t('ticket.backToInbox')}
        </Anchor>
      </Stack>
    );
  const current = ticket.data;
  const statusName = (statusId: string | undefined) =>
    statusId ? nameOfStatus({ id: statusId, name: statuses.data?.find((status) => status.id === statusId)?.name }) : '';
  const customer = contact.data ? contactName(contact.data) : '';
  const assignee = owners.data?.find((owner) => owner.id === current.assigneeId);
  const team = teams.data?.find((each) => each.id === current.teamId);
  const mayWork = me.ready && mayWorkTicket(me, [current.assigneeId]);
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/tickets" c="indigo.8">
        {t('ticket.backToInbox')}
      </Anchor>
      <Stack gap={4}>
        <Title order={1} size="h2">
          <TicketNumber number={current.number} inherit c="dimmed" data-testid="ticket-number" />{' '}
          <Text span inherit dir="auto" data-testid="ticket-subject">
            {current.subject}
          </Text>
        </Title>
        <Group gap="xs" wrap="wrap">
          <TicketPriorityBadge priority={current.priority} named testId="ticket-priority" />
          <TicketStatusBadge
            status={{
              id: current.statusId,
              kind: current.statusKind,
              name: statuses.data?.find((status) => status.id === current.statusId)?.name,
            }}
            testId="ticket-status"
          />
          <Text size="sm">
            {t('ticket.contact')}{' '}
            {contact.data ? (
              <Anchor component={Link} to={`/contacts/${current.contactId}`} c="indigo.8" dir="auto">
                {customer}
              </Anchor>
            ) : (
              '…'
            )}
          </Text>
          <Text size="sm" c="dimmed">
            {t('ticket.opened', {
              channel: t(`channel.${current.channel}`),
              when: format.dateTime(current.createdAt),
            })}
          </Text>
          {current.firstRespondedAt ? (
            <Text size="sm" c="dimmed" data-testid="ticket-first-response">
              {t('ticket.firstResponse', { when: format.dateTime(current.firstRespondedAt) })}
            </Text>
          ) : null}
        </Group>
        {current.sla ? (
          <Group gap="xs" wrap="wrap" data-testid="ticket-sla">
            <Text size="sm">{t('sla.policy', { name: current.sla.policyName })}</Text>
            {slaTargets.map((target) => {
              const reading = current.sla?.[target];
              return reading ? <SlaCountdown key={target} target={target} reading={reading} /> : null;
            })}
          </Group>
        ) : null}
        <Text size="sm" data-testid="ticket-assignee">
          {assignee
            ? t('ticket.assignedTo', { name: assignee.name })
            : current.assigneeId
              ? t('ticket.assignedToSomeone')
              : t('ticket.unassigned')}
          {team ? ` · ${t('ticket.team', { name: team.name })}` : ''}
        </Text>
        {current.tags.length > 0 ? (
          <Group gap={4}>
            {current.tags.map((tag) => (
              <Badge key={tag} variant="outline" color="dark" size="sm">
                {tag}
              </Badge>
            ))}
          </Group>
        ) : null}
      </Stack>
      {stale ? <StaleAlert ticket={current} onDismiss={() => setStale(false)} /> : null}
      {me.ready && !mayWork ? (
        <Alert color="gray" data-testid="ticket-read-only">
          {t('ticket.readOnly', { name: assignee?.name ?? t('ticket.anotherRep') })}
        </Alert>
      ) : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Conversation ticketId={current.id} customerName={customer || t('conversation.customer')} />
            {mayWork ? <Composer ticket={current} /> : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            {mayWork ? (
              <Paper withBorder p="md" component="section" aria-labelledby="status-title">
                <Title order={2} size="h4" id="status-title" mb="sm">
                  {t('move.title')}
                </Title>
                {current.statusKind === 'closed' ? (
                  <Text size="sm" c="dimmed">
                    {t('move.closed')}
                  </Text>
                ) : null}
                <StatusControl ticket={current} onStale={setStale} />
              </Paper>
            ) : null}
            {mayWork ? <DetailsForm ticket={current} onStale={setStale} /> : null}
            <History ticketId={current.id} statusName={statusName} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Says that someone else changed the ticket first: the screen now shows it as it is, the reader's choices are kept. */
function StaleAlert({ ticket, onDismiss }: { ticket: Ticket; onDismiss: () => void }) {
  const { t } = useTranslation('tickets');
  return (
    <Alert color="yellow" role="alert" title={t('stale.title')} data-testid="ticket-stale">
      <Text size="sm" c="dark.9">
        {t('stale.detail', { version: ticket.version })}
      </Text>
      <Button variant="default" size="xs" mt="xs" onClick={onDismiss}>
        {t('stale.dismiss')}
      </Button>
    </Alert>
  );
}

/** The status moves, newest first, with who made them and why. */
function History({ ticketId, statusName }: { ticketId: string; statusName: (statusId: string | undefined) => string }) {
  const { t } = useTranslation('tickets');
  const format = useFormat();
  const me = useMe();
  const owners = useOwners();
  const history = useTicketHistory(ticketId);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="history-title">
      <Title order={2} size="h4" id="history-title" mb="sm">
        {t('history.title')}
      </Title>
      {history.isPending ? <Skeleton h={60} /> : null}
      <ProblemAlert error={history.error} />
      {history.data ? (
        <Timeline bulletSize={12} lineWidth={2} data-testid="ticket-history">
          {history.data.map((change) => (
            <Timeline.Item
              key={`${change.at}-${change.toStatusId}`}
              title={
                change.fromStatusId
                  ? t('history.moved', { from: statusName(change.fromStatusId), to: statusName(change.toStatusId) })
                  : t('history.opened', { status: statusName(change.toStatusId) })
              }
            >
              <Text size="xs" c="dimmed">
                {format.dateTime(change.at)} ·{' '}
                <span dir="auto">
                  {authorName(change.byPrincipal, owners.data ?? [], me.principal.subject) ?? t('conversation.you')}
                </span>
              </Text>
              {change.note ? (
                <Text size="sm" dir="auto">
                  {change.note}
                </Text>
              ) : null}
            </Timeline.Item>
          ))}
        </Timeline>
      ) : null}
    </Paper>
  );
}
