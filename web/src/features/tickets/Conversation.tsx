import { Badge, Box, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useOwners, useTicketMessages, type TicketMessage } from './api';
import { authorName } from './ticket-text';

/**
 * How each kind of message looks: the customer's on the start side, the agent's replies on the end side, internal
 * notes in yellow with a dashed border, a lock and the words "Internal note", so colour is never the only sign.
 */
const looks = {
  inbound: { background: 'var(--mantine-color-body)', border: 'solid', borderColor: 'gray.4', side: 'start' },
  outbound: { background: 'var(--mantine-color-indigo-0)', border: 'solid', borderColor: 'indigo.3', side: 'end' },
  note: { background: 'var(--mantine-color-yellow-0)', border: 'dashed', borderColor: 'yellow.7', side: 'start' },
} as const;

/**
 * A name set inside a sentence of the reader's language, isolated (FSI … PDI) so that a name in another script
 * keeps its place: "مریم رضایی wrote" stays in that order on an English screen.
 */
const isolated = (name: string) => `\u2068${name}\u2069`;

/** The ticket's conversation, oldest first: what the customer wrote, the replies, and the internal notes. */
export function Conversation({ ticketId, customerName }: { ticketId: string; customerName: string }) {
  const { t } = useTranslation('tickets');
  const messages = useTicketMessages(ticketId);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="conversation-title">
      <Title order={2} size="h4" id="conversation-title" mb="sm">
        {t('conversation.title')}
      </Title>
      {messages.isPending ? <Skeleton h={80} /> : null}
      <ProblemAlert error={messages.error} />
      {messages.data?.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('conversation.empty')}
        </Text>
      ) : null}
      <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {messages.data?.map((message) => (
          <MessageItem key={message.id} message={message} customerName={customerName} />
        ))}
      </Stack>
    </Paper>
  );
}

function MessageItem({ message, customerName }: { message: TicketMessage; customerName: string }) {
  const { t } = useTranslation('tickets');
  const format = useFormat();
  const me = useMe();
  const owners = useOwners();
  const look = looks[message.kind];
  const agent = authorName(message.byPrincipal, owners.data ?? [], me.principal.subject) ?? t('conversation.you');
  // An inbound message is the customer's words, logged by an agent: it is attributed to the customer.
  const who = message.kind === 'inbound' ? customerName : agent;
  const label = t(`conversation.kind.${message.kind}`, { who });
  return (
    <Box component="li" style={{ display: 'flex', justifyContent: look.side === 'end' ? 'flex-end' : 'flex-start' }}>
      <Paper
        component="article"
        aria-label={label}
        data-testid="ticket-message"
        data-kind={message.kind}
        p="sm"
        radius="md"
        w={{ base: '100%', sm: '85%' }}
        style={{
          background: look.background,
          borderWidth: message.kind === 'note' ? 2 : 1,
          borderStyle: look.border,
          borderColor: `var(--mantine-color-${look.borderColor.replace('.', '-')})`,
        }}
      >
        <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
          <Group gap="xs">
            {message.kind === 'note' ? (
              <Badge
                variant="filled"
                color="yellow.5"
                c="dark.9"
                leftSection={<IconLock size={12} aria-hidden />}
                data-testid="internal-badge"
              >
                {t('conversation.internal')}
              </Badge>
            ) : null}
            <Text size="sm" fw={600}>
              {t(`conversation.heading.${message.kind}`, { who: isolated(who) })}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            <time dateTime={message.at}>{format.dateTime(message.at)}</time>
          </Text>
        </Group>
        {message.kind === 'note' ? (
          <Text size="xs" c="dark.6" mb={4}>
            {t('conversation.internalHint')}
          </Text>
        ) : null}
        <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {message.body}
        </Text>
      </Paper>
    </Box>
  );
}
