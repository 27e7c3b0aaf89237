import { BarChart } from '@mantine/charts';
import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ChartFigure, StatTile } from '../../components/ChartFigure';
import { PageLoader } from '../../components/PageLoader';
import { PeriodPicker } from '../../components/PeriodPicker';
import { ProblemAlert } from '../../components/ProblemAlert';
import { bucketLabel } from '../../lib/bucket-label';
import { bucketOf, noonOf, rangeFromSearch, todayOf, type DayRange } from '../../lib/day-range';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useCampaign } from './api';
import { resultsSeries, roiByCurrency, type CampaignResults, type ResultCounter } from './campaign-results.ts';
import { useCampaignResults, useCampaignSpend } from './numbers-api';
import { SpendForm } from './SpendForm';

const activity: { counter: ResultCounter; color: string }[] = [
  { counter: 'sent', color: 'indigo.7' },
  { counter: 'opened', color: 'teal.7' },
  { counter: 'clicked', color: 'orange.7' },
  { counter: 'replied', color: 'grape.7' },
];
const outcomes: { counter: ResultCounter; color: string }[] = [
  { counter: 'converted', color: 'green.8' },
  { counter: 'unsubscribed', color: 'yellow.8' },
  { counter: 'bounced', color: 'red.7' },
  { counter: 'complained', color: 'pink.8' },
];

function Figures({ results }: { results: CampaignResults }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const rate = (value: number | null) => (value === null ? t('results.none') : format.percent(value));
  const { totals, rates } = results;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }}>
        {[...activity, ...outcomes].map(({ counter }) => (
          <StatTile key={counter} label={t(`results.counters.${counter}`)} value={format.number(totals[counter])} />
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <StatTile label={t('results.rates.open')} value={rate(rates.openRate)} />
        <StatTile label={t('results.rates.click')} value={rate(rates.clickRate)} />
        <StatTile label={t('results.rates.conversion')} value={rate(rates.conversionRate)} />
        <StatTile label={t('results.rates.unsubscribe')} value={rate(rates.unsubscribeRate)} />
      </SimpleGrid>
    </Stack>
  );
}

function Charts({ results }: { results: CampaignResults }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const rtl = format.language.dir === 'rtl';
  const axes = {
    xAxisProps: { reversed: rtl },
    // Counts of emails: whole numbers on the axis, never 0.25 of a send.
    yAxisProps: { orientation: rtl ? ('right' as const) : ('left' as const), allowDecimals: false },
  };
  const number = (value: number) => format.number(value);
  const points = resultsSeries(results).map((point) => ({ ...point, label: bucketLabel(format, point.bucket) }));
  const per = t(bucketOf(results.period) === 'day' ? 'results.perDay' : 'results.perMonth');
  const figure = (id: string, title: string, series: typeof activity) => {
    const active = points.filter((point) => series.some(({ counter }) => point[counter]));
    return (
      <ChartFigure
        id={id}
        title={title}
        summary={t('results.summary', {
          counts: series
            .map(({ counter }) => t(`results.counted.${counter}`, { formatted: number(results.totals[counter]) }))
            .join(t('results.listSeparator')),
        })}
        columns={[t('results.period'), ...series.map(({ counter }) => t(`results.counters.${counter}`))]}
        rows={active.map((point) => [point.label, ...series.map(({ counter }) => number(point[counter]))])}
      >
        <BarChart
          h={260}
          data={points}
          dataKey="label"
          {...axes}
          valueFormatter={number}
          withLegend
          series={series.map(({ counter, color }) => ({
            name: counter,
            label: t(`results.counters.${counter}`),
            color,
          }))}
        />
      </ChartFigure>
    );
  };
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      {figure('chart-email-activity', t('results.activityChart', { per }), activity)}
      {figure('chart-outcomes', t('results.outcomesChart', { per }), outcomes)}
    </SimpleGrid>
  );
}

/** Revenue credited to the campaign, its spend and its ROI, per currency (a campaign may spend in one, earn in another). */
function Roi({ results }: { results: CampaignResults }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const rows = roiByCurrency(results);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="xs">
        {t('results.roiTitle')}
      </Title>
      <Text size="sm" mb="sm">
        {t('results.roiIntro', { deals: format.number(results.totals.wonDeals) })}
      </Text>
      {rows.length ? (
        <Table aria-label={t('results.roiTitle')} data-testid="campaign-roi">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('results.currency')}</Table.Th>
              <Table.Th ta="end">{t('results.revenue')}</Table.Th>
              <Table.Th ta="end">{t('results.spend')}</Table.Th>
              <Table.Th ta="end">{t('results.roi')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.currency}>
                <Table.Th scope="row" fw={400}>
                  {row.currency}
                </Table.Th>
                <Table.Td ta="end">{format.money(row.revenue, row.currency)}</Table.Td>
                <Table.Td ta="end">{format.money(row.spend, row.currency)}</Table.Td>
                <Table.Td ta="end">{row.roi === null ? t('results.noSpend') : format.percent(row.roi)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text c="dimmed">{t('results.roiNone')}</Text>
      )}
    </Paper>
  );
}

function SpendList({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const spend = useCampaignSpend(campaignId);
  if (spend.error) return <ProblemAlert error={spend.error} />;
  if (!spend.data) return null;
  const entries = [...spend.data].sort((a, b) => b.date.localeCompare(a.date));
  return entries.length ? (
    <Table.ScrollContainer minWidth={480}>
      <Table striped aria-label={t('results.spendList')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('results.spendDate')}</Table.Th>
            <Table.Th ta="end">{t('results.spendAmount')}</Table.Th>
            <Table.Th>{t('results.spendNote')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>{format.date(noonOf(entry.date))}</Table.Td>
              <Table.Td ta="end">{format.money(entry.amount, entry.currency)}</Table.Td>
              <Table.Td dir="auto">{entry.note ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  ) : (
    <Text c="dimmed">{t('results.noSpendYet')}</Text>
  );
}

/**
 * A campaign's results over a chosen period (`/campaigns/:id/results`): what its emails did per day as charts
 * with their numbers, its rates, its ROI per currency from recorded spend and credited revenue, and, for
 * marketing and admins, recording its spend.
 */
export function CampaignResultsPage() {
  const { campaignId = '' } = useParams();
  const { t } = useTranslation('campaigns');
  const me = useMe();
  const [search, setSearch] = useSearchParams();
  const now = useMemo(() => new Date(), []);
  const range = rangeFromSearch(search, now);
  const campaign = useCampaign(campaignId);
  const results = useCampaignResults(campaignId, range);
  const choose = (next: DayRange) => setSearch({ from: next.from, to: next.to });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>
          {campaign.data ? t('results.title', { name: campaign.data.name }) : t('results.titleLoading')}
        </Title>
        <Anchor component={Link} to={`/campaigns/${campaignId}`}>
          {t('results.backToJourney')}
        </Anchor>
      </Group>
      <ProblemAlert error={campaign.error} />
      <PeriodPicker range={range} now={now} onChange={choose} />
      {results.error ? <ProblemAlert error={results.error} /> : null}
      {results.isPending ? (
        <PageLoader />
      ) : results.data ? (
        <Stack aria-busy={results.isFetching}>
          <Figures results={results.data} />
          <Charts results={results.data} />
          <Roi results={results.data} />
        </Stack>
      ) : null}
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="sm">
          {t('results.spendTitle')}
        </Title>
        <Stack>
          {me.hasAnyRole(['admin', 'marketing']) ? <SpendForm campaignId={campaignId} today={todayOf(now)} /> : null}
          <SpendList campaignId={campaignId} />
        </Stack>
      </Paper>
    </Stack>
  );
}
