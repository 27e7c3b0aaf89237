import { Anchor, Button, Card, Group, Skeleton, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TicketNumber, TicketPriorityBadge, TicketStatusBadge } from '../../components/TicketBadges';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useTickets, useTicketStatuses } from './api';

/** Who the API lets work tickets (there is no support role yet); marketing would get 403, so sees no card. */
const ticketRoles = ['admin', 'sales'] as const;

/** The contact's service requests, newest first, each linked to its ticket, and a way to log a new one. */
export function TicketsCard({ contactId }: { contactId: string }) {
  const { t } = useTranslation('contact-record');
  const format = useFormat();
  const me = useMe();
  const allowed = me.hasAnyRole(ticketRoles);
  const tickets = useTickets(contactId, allowed);
  const statuses = useTicketStatuses(allowed);
  if (!allowed) return null;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="tickets-title" data-testid="tickets-card">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="tickets-title">
          {t('tickets.title')}
        </Title>
        <Button component={Link} to={`/tickets/new?contactId=${contactId}`} variant="default" size="xs">
          {t('tickets.new')}
        </Button>
      </Group>
      {tickets.isPending ? <Skeleton h={60} /> : null}
      {tickets.isError ? <ProblemAlert error={tickets.error} /> : null}
      {tickets.data && tickets.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tickets.none')}
        </Text>
      ) : null}
      {tickets.data && tickets.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={480}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tickets.number')}</Table.Th>
                <Table.Th>{t('tickets.subject')}</Table.Th>
                <Table.Th>{t('tickets.status')}</Table.Th>
                <Table.Th>{t('tickets.priority')}</Table.Th>
                <Table.Th>{t('tickets.opened')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tickets.data.items.map((ticket) => (
                <Table.Tr key={ticket.id}>
                  <Table.Td>
                    <TicketNumber number={ticket.number} size="sm" />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/tickets/${ticket.id}`} c="indigo.8" dir="auto">
                      {ticket.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <TicketStatusBadge
                      status={{
                        id: ticket.statusId,
                        kind: ticket.statusKind,
                        name: statuses.data?.find((status) => status.id === ticket.statusId)?.name,
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TicketPriorityBadge priority={ticket.priority} />
                  </Table.Td>
                  <Table.Td>{format.date(ticket.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {tickets.data?.nextCursor ? (
        <Text size="xs" c="dimmed" mt="xs">
          {t('tickets.more')}
        </Text>
      ) : null}
    </Card>
  );
}
