import { Button, Group, NativeSelect, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ticketPriorities } from '#shared/sla/sla-policy.schema.ts';
import { ticketMoveTargets } from '#shared/tickets/ticket.rules.ts';
import { MoveTicketRequest, UpdateTicketRequest } from '#shared/tickets/ticket.schema.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useTicketStatusName } from '../../components/TicketBadges';
import { filled } from '../../lib/colors';
import { useMe } from '../../lib/me';
import { validate } from '../../lib/validate';
import { isStale, useMoveTicket, useOwners, useTeams, useTicketStatuses, useUpdateTicket, type Ticket } from './api';
import { mayWorkTicket } from './ticket-access';

/**
 * Moves the ticket through its statuses (POST /tickets/{id}/status with If-Match). The choice and the note stay
 * after a refusal, so after a 412 the reader sees the ticket as it is now and can move it again with one click.
 */
export function StatusControl({ ticket, onStale }: { ticket: Ticket; onStale: (stale: boolean) => void }) {
  const { t } = useTranslation('tickets');
  const statuses = useTicketStatuses();
  const name = useTicketStatusName();
  const move = useMoveTicket(ticket.id);
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const targets = statuses.data ? ticketMoveTargets(ticket, { statuses: statuses.data }) : [];
  const chosen = targets.some((status) => status.id === target) ? target : '';
  if (statuses.data && targets.length === 0) return null;
  return (
    <form
      aria-label={t('move.title')}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const checked = validate(MoveTicketRequest, { statusId: chosen, ...(note.trim() ? { note } : {}) });
        if (!checked.ok || !chosen) return;
        move.mutate(
          { move: checked.data, version: ticket.version },
          {
            onSuccess: () => {
              setTarget('');
              setNote('');
              onStale(false);
            },
            onError: (error) => {
              if (isStale(error)) onStale(true);
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        {move.error && !isStale(move.error) ? <ProblemAlert error={move.error} /> : null}
        <NativeSelect
          label={t('move.to')}
          value={chosen}
          onChange={(event) => setTarget(event.currentTarget.value)}
          data={[
            { value: '', label: t('move.choose'), disabled: true },
            ...targets.map((status) => ({ value: status.id, label: name(status) })),
          ]}
        />
        <TextInput
          label={t('move.note')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maxLength={500}
          dir="auto"
        />
        <Group justify="flex-end">
          <Button type="submit" color={filled} disabled={!chosen} loading={move.isPending}>
            {t('move.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** What the reader changed and has not saved: each field absent until changed; null clears assignee or team. */
type DetailsDraft = Pick<UpdateTicketRequest, 'priority' | 'assigneeId' | 'teamId'>;

/**
 * Priority, assignee and team (PATCH /tickets/{id}, a merge patch of what changed, with If-Match). The unsaved
 * choices are kept apart from the ticket the API gave, so a 412 shows the ticket as it is now beneath them and
 * Save sends them again on the new version.
 */
export function DetailsForm({ ticket, onStale }: { ticket: Ticket; onStale: (stale: boolean) => void }) {
  const { t } = useTranslation('tickets');
  const me = useMe();
  const owners = useOwners();
  const teams = useTeams();
  const update = useUpdateTicket(ticket.id);
  const [draft, setDraft] = useState<DetailsDraft>({});
  const shown = {
    priority: draft.priority ?? ticket.priority,
    assigneeId: draft.assigneeId !== undefined ? (draft.assigneeId ?? '') : (ticket.assigneeId ?? ''),
    teamId: draft.teamId !== undefined ? (draft.teamId ?? '') : (ticket.teamId ?? ''),
  };
  const change = (field: keyof DetailsDraft, value: string) =>
    setDraft((current) => {
      const next = { ...current };
      const saved = field === 'priority' ? ticket.priority : (ticket[field] ?? '');
      if (value === saved) delete next[field];
      else if (field === 'priority') next.priority = value as Ticket['priority'];
      else next[field] = value === '' ? null : value;
      return next;
    });
  // Offer only the hand-overs the API would accept (a sales rep: to themselves or to nobody).
  const assignees = [
    ...(mayWorkTicket(me, [ticket.assigneeId, undefined]) ? [{ value: '', label: t('ticket.unassigned') }] : []),
    ...(owners.data ?? [])
      .filter((owner) => owner.id === ticket.assigneeId || mayWorkTicket(me, [ticket.assigneeId, owner.id]))
      .map((owner) => ({ value: owner.id, label: owner.name })),
  ];
  const dirty = Object.keys(draft).length > 0;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="details-title">
      <Title order={2} size="h4" id="details-title" mb="sm">
        {t('details.title')}
      </Title>
      <form
        aria-label={t('details.title')}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const checked = validate(UpdateTicketRequest, draft);
          if (!checked.ok) return;
          update.mutate(
            { patch: checked.data, version: ticket.version },
            {
              onSuccess: () => {
                setDraft({});
                onStale(false);
              },
              onError: (error) => {
                if (isStale(error)) onStale(true);
              },
            },
          );
        }}
      >
        <Stack gap="xs">
          {update.error && !isStale(update.error) ? <ProblemAlert error={update.error} /> : null}
          <NativeSelect
            label={t('details.priority')}
            value={shown.priority}
            onChange={(event) => change('priority', event.currentTarget.value)}
            data={ticketPriorities.map((priority) => ({
              value: priority,
              label: t(`tickets.priority.${priority}`, { ns: 'common' }),
            }))}
          />
          <NativeSelect
            label={t('details.assignee')}
            value={shown.assigneeId}
            onChange={(event) => change('assigneeId', event.currentTarget.value)}
            data={assignees}
          />
          <NativeSelect
            label={t('details.team')}
            value={shown.teamId}
            onChange={(event) => change('teamId', event.currentTarget.value)}
            data={[
              { value: '', label: t('details.noTeam') },
              ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
            ]}
          />
          <Group justify="flex-end">
            {dirty ? (
              <Button variant="default" onClick={() => setDraft({})}>
                {t('details.discard')}
              </Button>
            ) : null}
            <Button type="submit" color={filled} disabled={!dirty} loading={update.isPending}>
              {t('details.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
