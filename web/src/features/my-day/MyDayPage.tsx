import { Alert, Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useCompleteTask, useMyContacts, useOpenTasks, useRecentActivity, type Contact } from './api';
import { Card } from './Card';
import { nameOf } from './names';
import { isOverdue, leadSla, myNewLeads, newestFirst } from './sla';
import { useNow } from '../../lib/use-now';

// Only those who may assign see the queue, so its code (and the owner picker) loads only for them.
const UnownedQueue = lazy(() => import('./UnownedQueue').then((module) => ({ default: module.UnownedQueue })));

const everyone = ['admin', 'marketing', 'sales'] as const;
const rows = { listStyle: 'none', padding: 0, margin: 0 } as const;

function Tasks({ ownerId, contacts }: { ownerId: string; contacts: Map<string, Contact> }) {
  const { t } = useTranslation('my-day');
  const format = useFormat();
  const now = useNow(30_000);
  const tasks = useOpenTasks(ownerId);
  const complete = useCompleteTask();
  if (tasks.isPending) return <PageLoader />;
  if (tasks.error) return <ProblemAlert error={tasks.error} />;
  if (tasks.data.items.length === 0) return <Text c="dimmed">{t('tasks.empty')}</Text>;
  return (
    <Stack gap="xs">
      <ProblemAlert error={complete.error} />
      <Stack component="ul" gap="xs" style={rows} aria-label={t('tasks.title')}>
        {tasks.data.items.map((task) => {
          const subject = task.subject ?? t('tasks.untitled');
          const contact = task.contactId ? contacts.get(task.contactId) : undefined;
          return (
            <Group key={task.id} component="li" justify="space-between" wrap="nowrap" data-testid="open-task">
              <div>
                <Text fw={600} dir="auto" data-testid="task-subject">
                  {subject}
                </Text>
                <Text size="sm" c="dimmed">
                  {contact ? <span dir="auto">{nameOf(contact)} · </span> : null}
                  {task.dueAt ? (
                    <span title={format.dateTime(task.dueAt)}>
                      {t('tasks.due', { when: format.relative(task.dueAt, now) })}
                    </span>
                  ) : (
                    t('tasks.noDue')
                  )}
                </Text>
                {isOverdue(task, now) ? (
                  <Text size="sm" fw={700} c="red.9" data-testid="overdue">
                    {t('tasks.overdue')}
                  </Text>
                ) : null}
              </div>
              <Button
                size="xs"
                variant="default"
                aria-label={t('tasks.complete', { subject })}
                loading={complete.isPending && complete.variables.id === task.id}
                disabled={complete.isPending}
                onClick={() => complete.mutate(task)}
              >
                {t('tasks.done')}
              </Button>
            </Group>
          );
        })}
      </Stack>
    </Stack>
  );
}

function SlaText({ contact, now }: { contact: Contact; now: Date }) {
  const { t } = useTranslation('my-day');
  const format = useFormat();
  const sla = leadSla(contact, now);
  if (sla.kind === 'counting')
    return (
      <Text size="sm" fw={600} title={format.dateTime(sla.dueAt)} data-testid="sla-countdown">
        {t('leads.counting', { when: format.relative(sla.dueAt, now) })}
      </Text>
    );
  if (sla.kind === 'due')
    return (
      <Text size="sm" fw={600} c="red.9" title={format.dateTime(sla.dueAt)} data-testid="sla-due">
        {t('leads.due', { when: format.relative(sla.dueAt, now) })}
      </Text>
    );
  return (
    <Text size="sm" c="dimmed">
      {t(sla.kind === 'final' ? 'leads.final' : 'leads.none')}
    </Text>
  );
}

function Leads({ contacts }: { contacts: Contact[] }) {
  const { t } = useTranslation('my-day');
  const now = useNow(1000);
  const leads = myNewLeads(contacts, now);
  if (leads.length === 0) return <Text c="dimmed">{t('leads.empty')}</Text>;
  return (
    <Stack component="ul" gap="xs" style={rows} aria-label={t('leads.title')}>
      {leads.map((contact) => (
        <li key={contact.id} data-testid="new-lead">
          <Text fw={600} dir="auto" span>
            {nameOf(contact)}
          </Text>{' '}
          <Text size="sm" c="dimmed" span>
            {t(`stages.${contact.lifecycleStage}`)}
          </Text>
          <SlaText contact={contact} now={now} />
        </li>
      ))}
    </Stack>
  );
}

function Recent({ contacts }: { contacts: Contact[] }) {
  const { t } = useTranslation('my-day');
  const format = useFormat();
  const recent = useRecentActivity(contacts);
  const byId = new Map(contacts.map((contact) => [contact.id, contact]));
  if (recent.isPending) return <PageLoader />;
  if (recent.error) return <ProblemAlert error={recent.error} />;
  const items = newestFirst(recent.timelines, 10);
  if (items.length === 0) return <Text c="dimmed">{t('recent.empty')}</Text>;
  return (
    <Stack component="ul" gap="xs" style={rows} aria-label={t('recent.title')}>
      {items.map((activity) => {
        const contact = activity.contactId ? byId.get(activity.contactId) : undefined;
        return (
          <Group key={activity.id} component="li" justify="space-between" wrap="nowrap" data-testid="recent-activity">
            <Text size="sm">
              <Text span fw={600}>
                {t(`types.${activity.type}`)}
              </Text>{' '}
              <span dir="auto">{activity.subject ?? ''}</span>
              {contact ? (
                <>
                  {' · '}
                  <span dir="auto">{nameOf(contact)}</span>
                </>
              ) : null}
            </Text>
            <Text size="sm" c="dimmed" title={format.dateTime(activity.occurredAt)} style={{ whiteSpace: 'nowrap' }}>
              {format.relative(activity.occurredAt)}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}

/** The first screen after sign-in: my tasks, my new leads against their SLA, what happened on my records. */
export function MyDayPage() {
  const { t } = useTranslation('my-day');
  const me = useMe();
  const contacts = useMyContacts(me.ownerId);
  // Whoever the API lets give an unowned lead an owner sees the queue (admins and marketers; a rep may not).
  const mayAssign = me.mayChange(everyone, [undefined]);
  if (!me.ready) return <PageLoader />;
  const mine = contacts.data?.items ?? [];
  const byId = new Map(mine.map((contact) => [contact.id, contact]));
  return (
    <Stack>
      <Title order={1}>{t('title')}</Title>
      {me.ownerId ? (
        // A plain CSS grid: Mantine's SimpleGrid would add to the first screen's JavaScript.
        <Box
          style={{
            display: 'grid',
            gap: 'var(--mantine-spacing-md)',
            gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 26rem), 1fr))',
          }}
        >
          <Card id="my-day-tasks" title={t('tasks.title')}>
            <Tasks ownerId={me.ownerId} contacts={byId} />
          </Card>
          <Card id="my-day-leads" title={t('leads.title')}>
            {contacts.isPending ? (
              <PageLoader />
            ) : contacts.error ? (
              <ProblemAlert error={contacts.error} />
            ) : (
              <Leads contacts={mine} />
            )}
          </Card>
          <Card id="my-day-recent" title={t('recent.title')}>
            {contacts.isPending ? <PageLoader /> : <Recent contacts={mine} />}
          </Card>
        </Box>
      ) : (
        <Alert color="gray">{t('noOwner')}</Alert>
      )}
      {mayAssign ? (
        <Suspense fallback={<PageLoader />}>
          <UnownedQueue />
        </Suspense>
      ) : null}
    </Stack>
  );
}
