import { Anchor, Button, Group, NativeSelect, Paper, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { SearchContactsQuery } from '#shared/contacts/contact.schema.ts';
import { ticketPriorities } from '#shared/sla/sla-policy.schema.ts';
import { AddTicketMessageRequest, CreateTicketRequest } from '#shared/tickets/ticket.schema.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { errorColor, filled } from '../../lib/colors';
import { useMe } from '../../lib/me';
import { errorOf, validate, type FieldErrors } from '../../lib/validate';
import { useContact, useContactSearch, useOwners, useTeams, type TicketContact } from './api';
import { useCreateTicket } from './api';
import { mayWorkTicket } from './ticket-access';
import { contactName } from './ticket-text';

/**
 * An agent logs a call or chat as a ticket (channel `agent`): the contact, the subject, what the customer said
 * (the first message, inbound), priority, assignee and team; checked with the API's own schema before it is sent.
 * `?contactId=` starts it for that contact (from the contact's record).
 */
export function NewTicketPage() {
  const { t } = useTranslation('tickets');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMe();
  const owners = useOwners();
  const teams = useTeams();
  const create = useCreateTicket();
  const [picked, setPicked] = useState<TicketContact | undefined>();
  const fromRecord = useContact(picked ? undefined : (params.get('contactId') ?? undefined));
  const contact = picked ?? fromRecord.data;
  const [subject, setSubject] = useState('');
  const [said, setSaid] = useState('');
  const [priority, setPriority] = useState<(typeof ticketPriorities)[number]>('normal');
  // Unset until chosen: a rep's own tickets are theirs by default, with their team.
  const [assigneeId, setAssigneeId] = useState<string | undefined>();
  const [teamId, setTeamId] = useState<string | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const assignee = assigneeId ?? me.ownerId ?? '';
  const team = teamId ?? me.teamId ?? '';

  const submit = () => {
    const checked = validate(CreateTicketRequest, {
      subject,
      contactId: contact?.id ?? '',
      channel: 'agent',
      priority,
      ...(assignee ? { assigneeId: assignee } : {}),
      ...(team ? { teamId: team } : {}),
    });
    const firstMessage = said.trim() ? validate(AddTicketMessageRequest, { kind: 'inbound', body: said }) : undefined;
    const found: FieldErrors = {
      ...(checked.ok ? {} : checked.errors),
      ...(firstMessage && !firstMessage.ok ? { said: errorOf(firstMessage.errors, 'body') ?? '' } : {}),
    };
    if (!contact) found.contactId = t('create.pickContact');
    if (!checked.ok || Object.keys(found).length > 0) return setErrors(found);
    setErrors({});
    create.mutate(
      { request: checked.data, ...(firstMessage?.ok ? { firstMessage: firstMessage.data.body } : {}) },
      {
        onSuccess: (ticket) => navigate(`/tickets/${ticket.id}`),
        onError: (error) => {
          if (error instanceof ProblemError) setErrors(error.fieldErrors());
        },
      },
    );
  };

  return (
    <Stack gap="md" maw={720}>
      <Anchor component={Link} to="/tickets" c="indigo.8">
        {t('ticket.backToInbox')}
      </Anchor>
      <Title order={1} size="h2">
        {t('create.title')}
      </Title>
      <Paper withBorder p="md">
        <form
          aria-label={t('create.title')}
          noValidate
          style={errorColor}
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack gap="sm">
            {create.error ? <ProblemAlert error={create.error} /> : null}
            <ContactPicker
              contact={contact}
              onPick={(next) => {
                setPicked(next);
                setErrors(({ contactId: _contactId, ...rest }) => rest);
              }}
              error={errorOf(errors, 'contactId')}
            />
            <TextInput
              label={t('create.subject')}
              value={subject}
              onChange={(event) => setSubject(event.currentTarget.value)}
              error={errorOf(errors, 'subject')}
              dir="auto"
            />
            <Textarea
              label={t('create.said')}
              description={t('create.saidHint')}
              value={said}
              onChange={(event) => setSaid(event.currentTarget.value)}
              error={errorOf(errors, 'said')}
              autosize
              minRows={3}
              dir="auto"
            />
            <Group grow align="flex-start">
              <NativeSelect
                label={t('details.priority')}
                value={priority}
                onChange={(event) => setPriority(event.currentTarget.value as typeof priority)}
                data={ticketPriorities.map((value) => ({
                  value,
                  label: t(`tickets.priority.${value}`, { ns: 'common' }),
                }))}
                error={errorOf(errors, 'priority')}
              />
              <NativeSelect
                label={t('details.assignee')}
                value={assignee}
                onChange={(event) => setAssigneeId(event.currentTarget.value)}
                error={errorOf(errors, 'assigneeId')}
                data={[
                  { value: '', label: t('ticket.unassigned') },
                  ...(owners.data ?? [])
                    .filter((owner) => mayWorkTicket(me, [owner.id]))
                    .map((owner) => ({ value: owner.id, label: owner.name })),
                ]}
              />
              <NativeSelect
                label={t('details.team')}
                value={team}
                onChange={(event) => setTeamId(event.currentTarget.value)}
                error={errorOf(errors, 'teamId')}
                data={[
                  { value: '', label: t('details.noTeam') },
                  ...(teams.data ?? []).map((each) => ({ value: each.id, label: each.name })),
                ]}
              />
            </Group>
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/tickets">
                {t('create.cancel')}
              </Button>
              <Button type="submit" color={filled} loading={create.isPending}>
                {t('create.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

/** Picks the ticket's contact with the quick find: an email, or the start of a name in any script. */
function ContactPicker({
  contact,
  onPick,
  error,
}: {
  contact: TicketContact | undefined;
  onPick: (contact: TicketContact) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation('tickets');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const searchable = debounced !== '' && SearchContactsQuery.safeParse({ q: debounced }).success;
  const found = useContactSearch(debounced, searchable);
  const items = searchable ? (found.data ?? []) : [];
  // The chosen contact stays an option, so the field shows it after the search moves on.
  const options = contact && !items.some((item) => item.id === contact.id) ? [contact, ...items] : items;
  return (
    <Select
      label={t('create.contact')}
      placeholder={t('create.contactPlaceholder')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      value={contact?.id ?? null}
      onChange={(contactId) => {
        const next = options.find((item) => item.id === contactId);
        if (next) onPick(next);
      }}
      data={options.map((item) => ({
        value: item.id,
        label: `${contactName(item)} · ${item.emailDisplay ?? item.email}`,
      }))}
      filter={({ options: all }) => all}
      nothingFoundMessage={
        !searchable ? t('create.searchHint') : found.isFetching ? t('create.searching') : t('create.noContact')
      }
      error={error}
      dir="auto"
    />
  );
}
