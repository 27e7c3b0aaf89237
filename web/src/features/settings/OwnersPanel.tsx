import { Button, Group, Modal, NativeSelect, NumberInput, Stack, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorColor, filled } from '../../lib/colors';
import { CreateOwnerRequest, ownerStatuses, UpdateOwnerRequest } from '#shared/owners/owner.schema.ts';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useFormat } from '../../lib/format';
import { useOwners, useSaveOwner, useTeams, type Owner, type Team } from './api';
import { errorOf, listOf, validate, type FieldErrors } from '../../lib/validate';

interface Draft {
  name: string;
  email: string;
  timeZone: string;
  territories: string;
  capacity: number | string;
  status: (typeof ownerStatuses)[number];
  teamId: string;
  userId: string;
}

const draftOf = (owner?: Owner): Draft => ({
  name: owner?.name ?? '',
  email: owner?.email ?? '',
  timeZone: owner?.timeZone ?? 'UTC',
  territories: owner?.territories.join(', ') ?? '',
  capacity: owner?.capacity ?? '',
  status: owner?.status ?? 'active',
  teamId: owner?.teamId ?? '',
  userId: owner?.userId ?? '',
});

const capacityOf = (draft: Draft) => (draft.capacity === '' ? undefined : Number(draft.capacity));

/** The merge patch from what the owner is to what the form says: changed fields only, null clears. */
function patchOf(owner: Owner, draft: Draft): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (draft.name !== owner.name) patch.name = draft.name;
  if (draft.email !== owner.email) patch.email = draft.email;
  if (draft.timeZone !== owner.timeZone) patch.timeZone = draft.timeZone;
  const territories = listOf(draft.territories);
  if (territories.join() !== owner.territories.join()) patch.territories = territories;
  if (capacityOf(draft) !== owner.capacity) patch.capacity = capacityOf(draft) ?? null;
  if (draft.status !== owner.status) patch.status = draft.status;
  if ((draft.teamId || undefined) !== owner.teamId) patch.teamId = draft.teamId || null;
  if ((draft.userId || undefined) !== owner.userId) patch.userId = draft.userId || null;
  return patch;
}

function OwnerForm({ owner, teams, onDone }: { owner?: Owner; teams: Team[]; onDone: () => void }) {
  const { t } = useTranslation('settings');
  const [draft, setDraft] = useState(() => draftOf(owner));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSaveOwner();
  const set = (field: keyof Draft) => (value: string | number) => {
    setDraft((before) => ({ ...before, [field]: value }));
    setErrors((before) => Object.fromEntries(Object.entries(before).filter(([path]) => path.split('.')[0] !== field)));
  };
  const submit = () => {
    const checked = owner
      ? validate(UpdateOwnerRequest, patchOf(owner, draft))
      : validate(CreateOwnerRequest, {
          name: draft.name,
          email: draft.email,
          timeZone: draft.timeZone,
          territories: listOf(draft.territories),
          status: draft.status,
          ...(capacityOf(draft) === undefined ? {} : { capacity: capacityOf(draft) }),
          ...(draft.teamId ? { teamId: draft.teamId } : {}),
          ...(draft.userId ? { userId: draft.userId } : {}),
        });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    save.mutate(
      owner ? { owner, patch: checked.data as UpdateOwnerRequest } : { create: checked.data as CreateOwnerRequest },
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
          label={t('owners.name')}
          withAsterisk
          dir="auto"
          value={draft.name}
          onChange={(e) => set('name')(e.currentTarget.value)}
          error={errorOf(errors, 'name')}
        />
        <TextInput
          label={t('owners.email')}
          withAsterisk
          type="email"
          dir="ltr"
          value={draft.email}
          onChange={(e) => set('email')(e.currentTarget.value)}
          error={errorOf(errors, 'email')}
        />
        <TextInput
          label={t('owners.timeZone')}
          dir="ltr"
          value={draft.timeZone}
          onChange={(e) => set('timeZone')(e.currentTarget.value)}
          error={errorOf(errors, 'timeZone')}
        />
        <TextInput
          label={t('owners.territories')}
          description={t('owners.territoriesHint')}
          dir="ltr"
          value={draft.territories}
          onChange={(e) => set('territories')(e.currentTarget.value)}
          error={errorOf(errors, 'territories')}
        />
        <NumberInput
          label={t('owners.capacity')}
          description={t('owners.capacityHint')}
          min={0}
          allowDecimal={false}
          value={draft.capacity}
          onChange={set('capacity')}
          error={errorOf(errors, 'capacity')}
        />
        <NativeSelect
          label={t('owners.status')}
          value={draft.status}
          onChange={(e) => set('status')(e.currentTarget.value)}
          data={ownerStatuses.map((status) => ({ value: status, label: t(`statuses.${status}`) }))}
          error={errorOf(errors, 'status')}
        />
        <NativeSelect
          label={t('owners.team')}
          value={draft.teamId}
          onChange={(e) => set('teamId')(e.currentTarget.value)}
          data={[{ value: '', label: t('noTeam') }, ...teams.map((team) => ({ value: team.id, label: team.name }))]}
          error={errorOf(errors, 'teamId')}
        />
        <TextInput
          label={t('owners.userId')}
          description={t('owners.userIdHint')}
          dir="ltr"
          value={draft.userId}
          onChange={(e) => set('userId')(e.currentTarget.value)}
          error={errorOf(errors, 'userId')}
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

export function OwnersPanel() {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const owners = useOwners();
  const teams = useTeams();
  const [editing, setEditing] = useState<Owner | 'new' | undefined>();
  if (owners.isPending || teams.isPending) return <PageLoader />;
  if (owners.error || teams.error) return <ProblemAlert error={owners.error ?? teams.error} />;
  const teamName = new Map(teams.data.map((team) => [team.id, team.name]));
  const sorted = [...owners.data].sort((a, b) => format.compare(a.name, b.name));
  return (
    <Stack>
      <Group justify="flex-end">
        <Button color={filled} onClick={() => setEditing('new')}>
          {t('owners.create')}
        </Button>
      </Group>
      <Table aria-label={t('owners.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('owners.name')}</Table.Th>
            <Table.Th>{t('owners.email')}</Table.Th>
            <Table.Th>{t('owners.team')}</Table.Th>
            <Table.Th>{t('owners.territories')}</Table.Th>
            <Table.Th>{t('owners.status')}</Table.Th>
            <Table.Th>{t('actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((owner) => (
            <Table.Tr key={owner.id}>
              <Table.Td dir="auto">{owner.name}</Table.Td>
              <Table.Td dir="ltr">{owner.email}</Table.Td>
              <Table.Td dir="auto">{owner.teamId ? (teamName.get(owner.teamId) ?? owner.teamId) : ''}</Table.Td>
              <Table.Td dir="ltr">{owner.territories.join(', ')}</Table.Td>
              <Table.Td>{t(`statuses.${owner.status}`)}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  aria-label={t('edit', { name: owner.name })}
                  onClick={() => setEditing(owner)}
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
        title={editing === 'new' ? t('owners.create') : t('edit', { name: editing?.name ?? '' })}
      >
        {editing !== undefined ? (
          <OwnerForm
            key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`}
            {...(editing === 'new' ? {} : { owner: editing })}
            teams={teams.data}
            onDone={() => setEditing(undefined)}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
