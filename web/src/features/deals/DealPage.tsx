import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useDeal, useDealHistory, useOwners, usePipelines } from './api';

// Dark shades: white text on them passes WCAG AA contrast (axe: color-contrast).
const statusColors = { open: 'indigo.9', won: 'teal.9', lost: 'red.9' } as const;

/** One deal: its figures, its stage, why it was won or lost, and every stage move with who made it. */
export function DealPage() {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const { dealId = '' } = useParams();
  const deal = useDeal(dealId);
  const history = useDealHistory(dealId);
  const pipelines = usePipelines();
  const owners = useOwners();
  if (deal.isPending) return <PageLoader />;
  if (!deal.data) return <ProblemAlert error={deal.error} />;
  const pipeline = pipelines.data?.find((each) => each.id === deal.data.pipelineId);
  const stageName = (stageId: string | undefined) =>
    pipeline?.stages.find((stage) => stage.id === stageId)?.name ?? stageId ?? '';
  const owner = owners.data?.find((each) => each.id === deal.data.ownerId);
  const facts: [string, string][] = [
    [t('deal.amount'), format.money(deal.data.amount, deal.data.currency)],
    [t('deal.stage'), `${pipeline?.name ?? ''} · ${stageName(deal.data.stageId)}`],
    [t('deal.probability'), format.percent(deal.data.probability)],
    [t('deal.type'), t(`type.${deal.data.type}`)],
    [t('list.column.owner'), owner?.name ?? ''],
    [t('list.column.closeDate'), deal.data.closeDate ? format.date(deal.data.closeDate) : ''],
  ];
  return (
    <Stack gap="md">
      <Anchor c="indigo.8" component={Link} to={`/deals?pipeline=${deal.data.pipelineId}`}>
        {t('deal.backToBoard')}
      </Anchor>
      <Group gap="sm">
        <Title order={1} size="h2" dir="auto">
          {deal.data.name}
        </Title>
        <Badge color={statusColors[deal.data.status]} variant="filled">
          {t(`status.${deal.data.status}`)}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {facts.map(([label, value]) => (
          <Paper key={label} withBorder p="sm">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text dir="auto">{value || '—'}</Text>
          </Paper>
        ))}
      </SimpleGrid>
      {deal.data.closeReason ? (
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            {t('deal.closeReason')}
          </Text>
          <Text dir="auto" data-testid="close-reason">
            {deal.data.closeReason}
          </Text>
        </Paper>
      ) : null}
      <Title order={2} size="h4">
        {t('deal.history')}
      </Title>
      <ProblemAlert error={history.error} />
      {history.data ? (
        <Timeline bulletSize={14} lineWidth={2} data-testid="deal-history">
          {history.data.map((change) => (
            <Timeline.Item
              key={`${change.at}-${change.toStageId}`}
              title={
                change.fromStageId
                  ? t('deal.moved', { from: stageName(change.fromStageId), to: stageName(change.toStageId) })
                  : t('deal.created', { stage: stageName(change.toStageId) })
              }
            >
              <Text size="xs" c="dimmed">
                {format.dateTime(change.at)} · {change.byPrincipal}
              </Text>
              {change.reason ? (
                <Text size="sm" dir="auto">
                  {change.reason}
                </Text>
              ) : null}
            </Timeline.Item>
          ))}
        </Timeline>
      ) : null}
    </Stack>
  );
}
