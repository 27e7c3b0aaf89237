import { Button, Group, Paper, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ticketTakesMessage } from '#shared/tickets/ticket.rules.ts';
import { AddTicketMessageRequest } from '#shared/tickets/ticket.schema.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { validate } from '../../lib/validate';
import { useAddTicketMessage, type Ticket } from './api';

/** The composers, in the order an agent reaches for them: answer the customer, note for the team, log a call. */
const composerKinds = ['outbound', 'note', 'inbound'] as const;
type ComposerKind = (typeof composerKinds)[number];

/** Where an agent writes: a reply to the customer, an internal note, or what the customer said on a call or chat. */
export function Composer({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation('tickets');
  const kinds = composerKinds.filter((kind) => ticketTakesMessage(ticket, kind));
  const [chosen, setChosen] = useState<ComposerKind>('outbound');
  const active = kinds.includes(chosen) ? chosen : (kinds[0] ?? 'note');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="composer-title">
      <Title order={2} size="h4" id="composer-title" mb="xs">
        {t('composer.title')}
      </Title>
      {ticket.statusKind === 'closed' ? (
        <Text size="sm" c="dimmed" mb="xs">
          {t('composer.closedNotesOnly')}
        </Text>
      ) : null}
      <Tabs value={active} onChange={(value) => value && setChosen(value as ComposerKind)}>
        <Tabs.List aria-label={t('composer.kinds')}>
          {kinds.map((kind) => (
            <Tabs.Tab key={kind} value={kind}>
              {t(`composer.tab.${kind}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {kinds.map((kind) => (
          <Tabs.Panel key={kind} value={kind} pt="sm">
            <MessageForm ticketId={ticket.id} kind={kind} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Paper>
  );
}

/** One composer. Its text stays until the API has taken it, so a refusal loses nothing. */
function MessageForm({ ticketId, kind }: { ticketId: string; kind: ComposerKind }) {
  const { t } = useTranslation('tickets');
  const add = useAddTicketMessage(ticketId);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      aria-label={t(`composer.form.${kind}`)}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const checked = validate(AddTicketMessageRequest, { kind, body });
        if (!checked.ok) return setError(t('composer.empty'));
        add.mutate(checked.data, {
          onSuccess: () => setBody(''),
          onError: (problem) => {
            if (problem instanceof ProblemError) setError(problem.fieldErrors().body);
          },
        });
      }}
    >
      {add.error && !(add.error instanceof ProblemError && add.error.fieldErrors().body) ? (
        <ProblemAlert error={add.error} />
      ) : null}
      <Textarea
        label={t(`composer.label.${kind}`)}
        description={t(`composer.hint.${kind}`)}
        value={body}
        onChange={(event) => {
          setBody(event.currentTarget.value);
          setError(undefined);
        }}
        error={error}
        autosize
        minRows={3}
        maxRows={12}
        dir="auto"
      />
      <Group justify="flex-end" mt="xs">
        <Button
          type="submit"
          loading={add.isPending}
          color={kind === 'note' ? 'yellow.5' : undefined}
          c={kind === 'note' ? 'dark.9' : undefined}
        >
          {t(`composer.send.${kind}`)}
        </Button>
      </Group>
    </form>
  );
}
