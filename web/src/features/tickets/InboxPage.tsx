import { Anchor, Button, Group, NativeSelect, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { PageLoader } from '../../components/PageLoader';
import { nextSlaTarget } from '#shared/sla/sla-countdown.rules.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TicketNumber, TicketPriorityBadge, TicketStatusBadge } from '../../components/TicketBadges';
import { filled } from '../../lib/colors';
import { useCursorStack } from '../../lib/cursor-stack';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import {
  useContacts,
  useFindTicketByNumber,
  useOwners,
  useTeams,
  useTicketQueue,
  useTicketStatuses,
  type Ticket,
} from './api';
import { isQueueName, queueFilter, queueNames, typedTicketNumber, type QueueName } from './queues';
import { SlaCountdown } from './SlaCountdown';
import { contactName } from './ticket-text';
import { useNow } from '../../lib/use-now';

/** The service desk's inbox: the queue views (mine, my team's, unassigned, waiting on the customer), a page at a time. */
export function InboxPage() {
  const { t } = useTranslation('tickets');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const queue: QueueName = isQueueName(params.get('queue')) ? (params.get('queue') as QueueName) : 'mine';
  const teams = useTeams();
  const teamId = params.get('teamId') ?? me.teamId ?? teams.data?.[0]?.id;
  // "Breaching soon" counts from when the queue was chosen, so its pages keep one filter while they are read.
  const [chosenAt, setChosenAt] = useState(() => new Date());
  const filter = queueFilter(queue, { ownerId: me.ownerId, teamId }, chosenAt);

  const show = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) next.set(name, value);
    setParams(next);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="end">
        <Title order={1} size="h2">
          {t('inbox.title')}
        </Title>
        <Group align="end">
          <GoToTicket />
          <Button component={Link} to="/tickets/new" color={filled}>
            {t('inbox.newTicket')}
          </Button>
        </Group>
      </Group>
      <Tabs
        value={queue}
        onChange={(value) => {
          if (!value) return;
          setChosenAt(new Date());
          show({ queue: value });
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('inbox.queues')}>
          {queueNames.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`queue.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {queueNames.map((name) => (
          <Tabs.Panel key={name} value={name} pt="md">
            <Stack gap="sm">
              {name === 'team' && (teams.data?.length ?? 0) > 1 ? (
                <NativeSelect
                  label={t('inbox.team')}
                  data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
                  value={teamId ?? ''}
                  onChange={(event) => show({ teamId: event.currentTarget.value })}
                  w={{ base: '100%', sm: 320 }}
                />
              ) : null}
              {!me.ready ? <PageLoader /> : null}
              {me.ready && filter === undefined ? (
                <Text data-testid="queue-unavailable">{t(`queueUnavailable.${name}`)}</Text>
              ) : null}
              {me.ready && filter !== undefined ? (
                <QueueTable key={JSON.stringify(filter)} queue={name} filter={filter} />
              ) : null}
            </Stack>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

/** "Go to ticket": the number a customer reads out on the phone, in any digits, with or without `#`. */
function GoToTicket() {
  const { t } = useTranslation('tickets');
  const navigate = useNavigate();
  const find = useFindTicketByNumber();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      aria-label={t('goTo.label')}
      onSubmit={(event) => {
        event.preventDefault();
        const number = typedTicketNumber(text);
        if (number === undefined) return setError(t('goTo.notANumber'));
        find.mutate(number, {
          onSuccess: (ticket) => (ticket ? navigate(`/tickets/${ticket.id}`) : setError(t('goTo.none', { text }))),
        });
      }}
    >
      <Group align="end" gap="xs" wrap="nowrap">
        <TextInput
          label={t('goTo.label')}
          placeholder={t('goTo.placeholder')}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setError(undefined);
          }}
          error={error ?? (find.error ? find.error.message : undefined)}
          dir="auto"
          w={160}
        />
        <Button type="submit" variant="default" loading={find.isPending}>
          {t('goTo.open')}
        </Button>
      </Group>
    </form>
  );
}

/** A column as narrow as its content (badges, numbers): the rest of the width goes to subject, contact and assignee. */
const fit = { width: '1%', whiteSpace: 'nowrap' } as const;

/** The SLA target a row shows: the next one still counting, as a live countdown; "No SLA" without a policy. */
function QueueSla({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation('tickets');
  const next = ticket.sla ? nextSlaTarget(ticket.sla) : undefined;
  if (!next)
    return (
      <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {t('sla.none')}
      </Text>
    );
  return <SlaCountdown target={next.target} reading={next.reading} />;
}

function QueueTable({ queue, filter }: { queue: QueueName; filter: NonNullable<ReturnType<typeof queueFilter>> }) {
  const { t } = useTranslation('tickets');
  const format = useFormat();
  const pager = useCursorStack(JSON.stringify(filter));
  const tickets = useTicketQueue(filter, pager.cursor);
  const statuses = useTicketStatuses();
  const owners = useOwners();
  const teams = useTeams();
  const items = tickets.data?.items ?? [];
  const contacts = useContacts(items.map((ticket) => ticket.contactId));
  // The age column moves on while the inbox is open.
  const now = useNow(60_000);
  if (tickets.isPending) return <PageLoader />;
  if (tickets.error) return <ProblemAlert error={tickets.error} />;
  const statusOf = (ticket: Ticket) => ({
    id: ticket.statusId,
    kind: ticket.statusKind,
    name: statuses.data?.find((status) => status.id === ticket.statusId)?.name,
  });
  const ownerName = (ownerId: string | undefined) =>
    ownerId ? (owners.data?.find((owner) => owner.id === ownerId)?.name ?? '') : undefined;
  const teamName = (id: string | undefined) => (id ? teams.data?.find((team) => team.id === id)?.name : undefined);
  return (
    <>
      <Table.ScrollContainer minWidth={960}>
        <Table striped highlightOnHover captionSide="top" data-testid="ticket-queue" aria-busy={tickets.isFetching}>
          <Table.Caption>{t(`caption.${queue}`)}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" style={fit}>
                {t('column.number')}
              </Table.Th>
              <Table.Th scope="col">{t('column.subject')}</Table.Th>
              <Table.Th scope="col">{t('column.contact')}</Table.Th>
              <Table.Th scope="col" style={fit}>
                {t('column.priority')}
              </Table.Th>
              <Table.Th scope="col" style={fit}>
                {t('column.status')}
              </Table.Th>
              <Table.Th scope="col">{t('column.assignee')}</Table.Th>
              <Table.Th scope="col" style={fit}>
                {t('column.sla')}
              </Table.Th>
              <Table.Th scope="col" style={fit}>
                {t('column.age')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((ticket) => {
              const contact = contacts.get(ticket.contactId);
              const assignee = ownerName(ticket.assigneeId);
              const team = teamName(ticket.teamId);
              return (
                <Table.Tr key={ticket.id} data-testid="ticket-row" data-number={ticket.number}>
                  <Table.Td>
                    <TicketNumber number={ticket.number} size="sm" ff="monospace" />
                  </Table.Td>
                  <Table.Td>
                    <Anchor c="indigo.8" component={Link} to={`/tickets/${ticket.id}`} dir="auto">
                      {ticket.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <span dir="auto">{contact ? contactName(contact) : '…'}</span>
                  </Table.Td>
                  <Table.Td>
                    <TicketPriorityBadge priority={ticket.priority} />
                  </Table.Td>
                  <Table.Td>
                    <TicketStatusBadge status={statusOf(ticket)} />
                  </Table.Td>
                  <Table.Td>
                    <span dir="auto">{assignee ?? t('ticket.unassigned')}</span>
                    {team ? (
                      <Text size="xs" c="dimmed" dir="auto">
                        {team}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <QueueSla ticket={ticket} />
                  </Table.Td>
                  <Table.Td>
                    <span title={format.dateTime(ticket.createdAt)}>{format.relative(ticket.createdAt, now)}</span>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {items.length === 0 ? <Text data-testid="queue-empty">{t(`empty.${queue}`)}</Text> : null}
      <CursorPager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        hasNext={Boolean(tickets.data?.nextCursor)}
        onPrevious={pager.previous}
        onNext={() => pager.next(tickets.data?.nextCursor)}
        busy={tickets.isFetching}
        labels={{
          previous: t('pager.previous'),
          next: t('pager.next'),
          page: t('pager.page', { page: format.number(pager.page) }),
          navigation: t('pager.navigation'),
        }}
      />
    </>
  );
}
