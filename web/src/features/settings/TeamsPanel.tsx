import { Button, Group, Modal, NativeSelect, Stack, Table, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorColor, filled } from '../../lib/colors';
import { CreateTeamRequest, UpdateTeamRequest } from '#shared/owners/owner.schema.ts';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useFormat } from '../../lib/format';
import { useOwners, useSaveTeam, useTeams, type Owner, type Team } from './api';
import { errorOf, validate, type FieldErrors } from '../../lib/validate';

interface Draft {
  name: string;
  description: string;
  managerOwnerId: string;
}

function patchOf(team: Team, draft: Draft): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (draft.name !== team.name) patch.name = draft.name;
  if ((draft.description || undefined) !== team.description) patch.description = draft.description || null;
  if ((draft.managerOwnerId || undefined) !== team.managerOwnerId) patch.managerOwnerId = draft.managerOwnerId || null;
  return patch;
}

function TeamForm({ team, owners, onDone }: { team?: Team; owners: Owner[]; onDone: () => void }) {
  const { t } = useTranslation('settings');
  const [draft, setDraft] = useState<Draft>(() => ({
    name: team?.name ?? '',
    description: team?.description ?? '',
    managerOwnerId: team?.managerOwnerId ?? '',
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSaveTeam();
  const set = (field: keyof Draft) => (value: string) => {
    setDraft((before) => ({ ...before, [field]: value }));
    setErrors((before) => Object.fromEntries(Object.entries(before).filter(([path]) => path.split('.')[0] !== field)));
  };
  const submit = () => {
    const checked = team
      ? validate(UpdateTeamRequest, patchOf(team, draft))
      : validate(CreateTeamRequest, {
          name: draft.name,
          ...(draft.description ? { description: draft.description } : {}),
          ...(draft.managerOwnerId ? { managerOwnerId: draft.managerOwnerId } : {}),
        });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    save.mutate(
      team ? { team, patch: checked.data as UpdateTeamRequest } : { create: checked.data as CreateTeamRequest },
      {
        onSuccess: onDone,
        onError: (error) => error instanceof ProblemError && setErrors(error.fieldErrors()),
      },
    );
  };
  return (
    <form
      style={errorColor}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack>
        <ProblemAlert error={save.error ?? (errors[''] ? new Error(errors['']) : undefined)} />
        <TextInput
          label={t('teams.name')}
          withAsterisk
          dir="auto"
          value={draft.name}
          onChange={(e) => set('name')(e.currentTarget.value)}
          error={errorOf(errors, 'name')}
        />
        <Textarea
          label={t('teams.description')}
          dir="auto"
          value={draft.description}
          onChange={(e) => set('description')(e.currentTarget.value)}
          error={errorOf(errors, 'description')}
        />
        <NativeSelect
          label={t('teams.manager')}
          value={draft.managerOwnerId}
          onChange={(e) => set('managerOwnerId')(e.currentTarget.value)}
          data={[
            { value: '', label: t('noManager') },
            ...owners.map((owner) => ({ value: owner.id, label: owner.name })),
          ]}
          error={errorOf(errors, 'managerOwnerId')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button color={filled} type="submit" loading={save.isPending}>
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function TeamsPanel() {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const teams = useTeams();
  const owners = useOwners();
  const [editing, setEditing] = useState<Team | 'new' | undefined>();
  if (owners.isPending || teams.isPending) return <PageLoader />;
  if (owners.error || teams.error) return <ProblemAlert error={owners.error ?? teams.error} />;
  const ownerName = new Map(owners.data.map((owner) => [owner.id, owner.name]));
  const sortedOwners = [...owners.data].sort((a, b) => format.compare(a.name, b.name));
  return (
    <Stack>
      <Group justify="flex-end">
        <Button color={filled} onClick={() => setEditing('new')}>
          {t('teams.create')}
        </Button>
      </Group>
      <Table aria-label={t('teams.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('teams.name')}</Table.Th>
            <Table.Th>{t('teams.description')}</Table.Th>
            <Table.Th>{t('teams.manager')}</Table.Th>
            <Table.Th>{t('actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...teams.data]
            .sort((a, b) => format.compare(a.name, b.name))
            .map((team) => (
              <Table.Tr key={team.id}>
                <Table.Td dir="auto">{team.name}</Table.Td>
                <Table.Td dir="auto">{team.description ?? ''}</Table.Td>
                <Table.Td dir="auto">{team.managerOwnerId ? (ownerName.get(team.managerOwnerId) ?? '') : ''}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={t('edit', { name: team.name })}
                    onClick={() => setEditing(team)}
                  >
                    {t('editShort')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      <Modal
        closeButtonProps={{ 'aria-label': t('cancel') }}
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing === 'new' ? t('teams.create') : t('edit', { name: editing?.name ?? '' })}
      >
        {editing !== undefined ? (
          <TeamForm
            key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`}
            {...(editing === 'new' ? {} : { team: editing })}
            owners={sortedOwners}
            onDone={() => setEditing(undefined)}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
