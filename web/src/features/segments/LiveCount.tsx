import { Alert, Anchor, Badge, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SegmentFilter } from '#shared/segments/segment.schema.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useSegmentCount, useSegmentPreview, type Member } from './api';
import { planKey } from './segment-draft';

const nameOf = (member: Member) =>
  [member.firstName, member.lastName].filter(Boolean).join(' ') || (member.emailDisplay ?? member.email);

/** The saved segment's own count: done, or "counting…, examined N" while the API counts it in the background. */
function SavedCount({ segmentId }: { segmentId: string }) {
  const { t } = useTranslation('segments');
  const format = useFormat();
  const count = useSegmentCount(segmentId, true);
  if (count.error) return <ProblemAlert error={count.error} />;
  if (!count.data) return <Loader size="xs" role="status" aria-label={t('count.counting')} />;
  if (count.data.status === 'counting')
    return (
      <Group gap="xs" aria-live="polite" data-testid="saved-count">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{t('count.stillCounting', { examined: format.number(count.data.examined) })}</Text>
      </Group>
    );
  return (
    <Text size="sm" aria-live="polite" data-testid="saved-count">
      {t('count.saved', {
        count: count.data.count,
        formatted: format.number(count.data.count),
        at: format.dateTime(count.data.countedAt),
      })}
    </Text>
  );
}

/**
 * The live count of the criteria as they stand (the API's preview: the same read as a saved segment's count,
 * within one request), which index it reads, and the first members. For a saved segment whose criteria are
 * unchanged, also the segment's own count, which the API finishes in the background when it is big.
 */
export function LiveCount({
  filter,
  invalid,
  savedSegmentId,
}: {
  filter: SegmentFilter | undefined;
  invalid: boolean;
  savedSegmentId: string | undefined;
}) {
  const { t } = useTranslation('segments');
  const format = useFormat();
  const preview = useSegmentPreview(filter);
  const data = invalid ? undefined : preview.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="live-count-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="live-count-title">
          {t('count.title')}
        </Title>
        {invalid ? (
          <Alert color="yellow" title={t('count.invalidTitle')}>
            {t('count.invalid')}
          </Alert>
        ) : null}
        <ProblemAlert error={invalid ? undefined : preview.error} />
        <Group gap="xs" aria-live="polite" data-testid="live-count">
          {data ? (
            data.status === 'done' ? (
              <Badge size="xl" variant="outline" color="dark">
                {t('count.members', { count: data.count, formatted: format.number(data.count) })}
              </Badge>
            ) : (
              <Text>
                {t('count.partial', {
                  count: data.count,
                  formatted: format.number(data.count),
                  examined: format.number(data.examined),
                })}
              </Text>
            )
          ) : null}
          {preview.isFetching && !invalid ? <Loader size="xs" role="status" aria-label={t('count.counting')} /> : null}
        </Group>
        {data ? (
          <Text size="sm" data-testid="count-index">
            {t('count.index', {
              index: t(`plans.${planKey(data.plan)}`, { defaultValue: data.plan }),
              examined: format.number(data.examined),
            })}
          </Text>
        ) : null}
        {savedSegmentId ? <SavedCount segmentId={savedSegmentId} /> : null}
        {data && data.sample.length > 0 ? (
          <Table aria-label={t('count.sample')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('count.name')}</Table.Th>
                <Table.Th>{t('count.stage')}</Table.Th>
                <Table.Th>{t('count.score')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.sample.map((member) => (
                <Table.Tr key={member.id}>
                  <Table.Td>
                    <Anchor c="indigo.8" component={Link} to={`/contacts/${member.id}`} dir="auto">
                      {nameOf(member)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`stages.${member.lifecycleStage}`)}</Table.Td>
                  <Table.Td>{member.leadScore ? format.number(member.leadScore.total) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {data && data.sample.length === 0 ? <Text size="sm">{t('count.noMembers')}</Text> : null}
      </Stack>
    </Paper>
  );
}
