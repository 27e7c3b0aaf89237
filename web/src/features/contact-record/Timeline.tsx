import { Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { usePipelines, useTimeline } from './api';
import { LogActivityForm } from './LogActivityForm';
import { groupByDay, type TimelineItem } from './timeline';

const typeColor: Record<string, string> = {
  note: 'gray',
  call: 'blue',
  meeting: 'violet',
  task: 'orange',
  email: 'indigo',
  sms: 'cyan',
  chat: 'teal',
  form_submission: 'green',
  survey_answer: 'pink',
};

interface Shown {
  testType: string;
  badge: string;
  color: string;
  title?: string;
  body?: string;
  facts: string[];
}

/** What an entry of each kind shows: its badge, a title, a body and short facts. */
function useShown(): (item: TimelineItem) => Shown {
  const { t } = useTranslation('contact-record');
  const format = useFormat();
  const pipelines = usePipelines();
  const stageName = (stageId: string | undefined) =>
    stageId === undefined
      ? undefined
      : (pipelines.data?.items.flatMap((pipeline) => pipeline.stages).find((stage) => stage.id === stageId)?.name ??
        stageId);
  return (item) => {
    switch (item.kind) {
      case 'activity': {
        const facts: string[] = [];
        if (item.direction) facts.push(t(`timeline.direction.${item.direction}`));
        if (item.durationSeconds !== undefined)
          facts.push(t('timeline.minutes', { n: format.number(Math.round(item.durationSeconds / 60)) }));
        if (item.dueAt) facts.push(t('timeline.due', { when: format.dateTime(item.dueAt) }));
        if (item.done) facts.push(t('timeline.done'));
        return {
          testType: item.activityType,
          badge: t(`activityTypes.${item.activityType}`),
          color: typeColor[item.activityType] ?? 'gray',
          ...(item.subject ? { title: item.subject } : {}),
          ...(item.body ? { body: item.body } : {}),
          facts,
        };
      }
      case 'engagement':
        return {
          testType: item.engagementKind,
          badge: t(`timeline.engagement.${item.engagementKind}`),
          color: 'grape',
          ...(item.name || item.url ? { title: item.name ?? item.url } : {}),
          ...(item.name && item.url ? { body: item.url } : {}),
          facts: [],
        };
      case 'consent':
        return {
          testType: 'consent',
          badge: t('timeline.consentBadge'),
          color: 'lime',
          title: t(`consent.status.${item.status}`),
          facts: [
            t(`consent.method.${item.method}`),
            item.source,
            ...(item.textVersion ? [t('timeline.wording', { version: item.textVersion })] : []),
          ],
        };
      case 'deal_stage_change':
        return {
          testType: 'deal_stage_change',
          badge: t('timeline.dealBadge'),
          color: 'yellow',
          title: item.fromStageId
            ? t('timeline.dealMoved', { from: stageName(item.fromStageId), to: stageName(item.toStageId) })
            : t('timeline.dealCreated', { to: stageName(item.toStageId) }),
          ...(item.reason ? { body: item.reason } : {}),
          facts: [],
        };
    }
  };
}

function Entry({ item, shown }: { item: TimelineItem; shown: Shown }) {
  const format = useFormat();
  return (
    <li data-testid="timeline-entry" data-type={shown.testType}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Badge color={shown.color} c="dark.7" variant="light" miw={90}>
          {shown.badge}
        </Badge>
        <div style={{ minWidth: 0 }}>
          {shown.title ? (
            <Text size="sm" fw={600} dir="auto" style={{ overflowWrap: 'anywhere' }}>
              {shown.title}
            </Text>
          ) : null}
          {shown.body ? (
            <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {shown.body}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            <time dateTime={item.occurredAt} data-testid="timeline-time">
              {format.dateTime(item.occurredAt)}
            </time>
            {shown.facts.length ? ` · ${shown.facts.join(' · ')}` : ''}
          </Text>
        </div>
      </Group>
    </li>
  );
}

/** Everything that happened with the contact, newest first, by day, a page at a time; logging inline at the top. */
export function Timeline({ contactId }: { contactId: string }) {
  const { t } = useTranslation('contact-record');
  const format = useFormat();
  const timeline = useTimeline(contactId);
  const items = useMemo(() => timeline.data?.pages.flatMap((page) => page.items) ?? [], [timeline.data]);
  const days = useMemo(() => groupByDay(items, format.date), [items, format]);
  const shownOf = useShown();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="timeline-title">
      <Title order={2} size="h4" id="timeline-title" mb="sm">
        {t('timeline.title')}
      </Title>
      <LogActivityForm contactId={contactId} />
      {timeline.isPending ? <Skeleton h={120} mt="md" /> : null}
      {timeline.isError ? <ProblemAlert error={timeline.error} /> : null}
      {timeline.data && items.length === 0 ? (
        <Text size="sm" c="dimmed" mt="md">
          {t('timeline.empty')}
        </Text>
      ) : null}
      <Stack gap="md" mt="md" data-testid="timeline">
        {days.map((day) => (
          <section key={day.day} aria-label={day.day}>
            <Text size="xs" fw={700} c="dimmed" mb={6} data-testid="timeline-day">
              {day.day}
            </Text>
            <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
              {day.items.map((item) => (
                <Entry key={item.id} item={item} shown={shownOf(item)} />
              ))}
            </Stack>
          </section>
        ))}
      </Stack>
      {timeline.hasNextPage ? (
        <Group justify="center" mt="md">
          <Button variant="light" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
            {t('timeline.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Card>
  );
}
