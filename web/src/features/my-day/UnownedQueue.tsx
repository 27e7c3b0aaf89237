import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useAssignLead, useOwners, useUnownedQueue, type Contact, type Owner } from './api';
import { Card } from './Card';
import { nameOf } from './names';

function QueuedLead({ contact, owners }: { contact: Contact; owners: Owner[] }) {
  const { t } = useTranslation('my-day');
  const format = useFormat();
  const [ownerId, setOwnerId] = useState('');
  const assign = useAssignLead();
  const name = nameOf(contact);
  return (
    <li data-testid="unowned-lead">
      <Group justify="space-between" wrap="wrap">
        <div>
          <Text fw={600} dir="auto">
            {name}
          </Text>
          <Text size="sm" c="dimmed">
            {t(`stages.${contact.lifecycleStage}`)} · {t('queue.waiting', { when: format.relative(contact.createdAt) })}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <NativeSelect
            aria-label={t('queue.owner', { name })}
            value={ownerId}
            onChange={(event) => setOwnerId(event.currentTarget.value)}
            data={[
              { value: '', label: t('queue.choose') },
              ...owners
                .filter((owner) => owner.status !== 'inactive')
                .sort((a, b) => format.compare(a.name, b.name))
                .map((owner) => ({ value: owner.id, label: owner.name })),
            ]}
          />
          <Button
            // White on the default indigo.6 fails WCAG AA contrast; indigo.8 passes.
            color="indigo.8"
            disabled={!ownerId}
            loading={assign.isPending}
            aria-label={t('queue.assignTo', { name })}
            onClick={() => assign.mutate({ contact, ownerId })}
          >
            {t('queue.assign')}
          </Button>
        </Group>
      </Group>
      <ProblemAlert error={assign.error} />
    </li>
  );
}

/** Leads nobody owns, for those who may give them an owner. */
export function UnownedQueue() {
  const { t } = useTranslation('my-day');
  const queue = useUnownedQueue(true);
  const owners = useOwners(true);
  return (
    <Card id="my-day-queue" title={t('queue.title')}>
      {queue.isPending || owners.isPending ? (
        <PageLoader />
      ) : queue.error || owners.error ? (
        <ProblemAlert error={queue.error ?? owners.error} />
      ) : queue.data.items.length === 0 ? (
        <Text c="dimmed">{t('queue.empty')}</Text>
      ) : (
        <Stack
          component="ul"
          gap="sm"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label={t('queue.title')}
        >
          {queue.data.items.map((contact) => (
            <QueuedLead key={contact.id} contact={contact} owners={owners.data} />
          ))}
        </Stack>
      )}
    </Card>
  );
}
