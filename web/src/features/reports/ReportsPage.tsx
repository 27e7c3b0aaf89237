import { BarChart, DonutChart } from '@mantine/charts';
import { SimpleGrid, Stack, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ChartFigure, StatTile } from '../../components/ChartFigure';
import { PageLoader } from '../../components/PageLoader';
import { PeriodPicker } from '../../components/PeriodPicker';
import { ProblemAlert } from '../../components/ProblemAlert';
import { bucketLabel } from '../../lib/bucket-label';
import { bucketOf, rangeFromSearch, type DayRange } from '../../lib/day-range';
import { useFormat, type Formatters } from '../../lib/format';
import { useCampaignNames, useKpis } from './api';
import { ReportTabs } from './ReportTabs';
import {
  activitySeries,
  campaignRoi,
  currenciesOf,
  customerMovement,
  npsGroups,
  pipelineByCurrency,
  revenueByType,
  revenueSeries,
  type KpiReport,
} from './kpi-series';

const colors = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'pink.6'];

function moneyText(format: Formatters, money: Record<string, number> | null, none: string): string {
  const entries = money ? Object.entries(money) : [];
  return entries.length ? entries.map(([currency, amount]) => format.money(amount, currency)).join(' · ') : none;
}

function Charts({ report }: { report: KpiReport }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const rtl = format.language.dir === 'rtl';
  const axes = {
    xAxisProps: { reversed: rtl },
    yAxisProps: { orientation: rtl ? ('right' as const) : ('left' as const) },
  };
  const number = (value: number) => format.number(value);
  const currencies = currenciesOf(report);
  const single = currencies.length === 1 ? currencies[0] : undefined;
  const money = (value: number) => (single ? format.money(value, single) : format.number(value));
  const campaigns = useCampaignNames(report.campaigns.length > 0);
  const campaignName = (id: string) => campaigns.data?.get(id) ?? id;

  const activity = activitySeries(report).map((point) => ({ ...point, label: bucketLabel(format, point.bucket) }));
  const revenuePoints = revenueSeries(report).map((point) => ({ ...point, label: bucketLabel(format, point.bucket) }));
  const revenue = revenuePoints.map((point) => ({ ...point.amounts, label: point.label }));
  const typeRows = revenueByType(report).map((row) => ({ ...row, label: t(`revenueTypes.${row.type}`) }));
  const byType = typeRows.map((row) => ({ ...row.amounts, label: row.label }));
  const movement = customerMovement(report).map((row) => ({ ...row, label: t(`movement.${row.step}`) }));
  const nps = npsGroups(report);
  const roiCurrency = currencies.find((currency) => report.campaigns.some((c) => typeof c.roi[currency] === 'number'));
  const roi = roiCurrency
    ? campaignRoi(report, roiCurrency).map((row) => ({ ...row, label: campaignName(row.campaignId) }))
    : [];
  const pipeline = pipelineByCurrency(report);
  const currencySeries = currencies.map((currency, index) => ({
    name: currency,
    label: currency,
    color: colors[index % colors.length] as string,
  }));
  const per = t(bucketOf(report.period) === 'day' ? 'perDay' : 'perMonth');
  const activeBuckets = activity.filter((point) => point.newCustomers || point.churnedCustomers);

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartFigure
        id="chart-customers"
        title={t('charts.customers', { per })}
        summary={t('summaries.customers', {
          new: format.number(report.customers.new),
          churned: format.number(report.customers.churned),
        })}
        columns={[t('columns.period'), t('series.newCustomers'), t('series.churnedCustomers')]}
        rows={activeBuckets.map((point) => [point.label, number(point.newCustomers), number(point.churnedCustomers)])}
      >
        <BarChart
          h={240}
          data={activity}
          dataKey="label"
          {...axes}
          valueFormatter={number}
          withLegend
          series={[
            { name: 'newCustomers', label: t('series.newCustomers'), color: 'teal.7' },
            { name: 'churnedCustomers', label: t('series.churnedCustomers'), color: 'red.7' },
          ]}
        />
      </ChartFigure>

      <ChartFigure
        id="chart-retention"
        title={t('charts.retention')}
        summary={t('summaries.retention', {
          retention: report.retentionRate === null ? t('none') : format.percent(report.retentionRate),
          churn: report.churnRate === null ? t('none') : format.percent(report.churnRate),
        })}
        columns={[t('columns.step'), t('columns.customers')]}
        rows={movement.some((row) => row.customers) ? movement.map((row) => [row.label, number(row.customers)]) : []}
      >
        <BarChart
          h={240}
          data={movement}
          dataKey="label"
          {...axes}
          valueFormatter={number}
          series={[{ name: 'customers', label: t('columns.customers'), color: 'indigo.6' }]}
        />
      </ChartFigure>

      <ChartFigure
        id="chart-revenue-by-type"
        title={t('charts.revenueByType')}
        summary={t('summaries.revenueByType', {
          newBusiness: moneyText(format, report.revenue.newBusiness, t('none')),
          expansion: moneyText(format, report.revenue.expansion, t('none')),
          renewal: moneyText(format, report.revenue.renewal, t('none')),
        })}
        columns={[t('columns.type'), ...currencies]}
        rows={
          currencies.length
            ? typeRows.map((row) => [
                row.label,
                ...currencies.map((currency) => format.money(row.amounts[currency] ?? 0, currency)),
              ])
            : []
        }
      >
        <BarChart
          h={240}
          data={byType}
          dataKey="label"
          {...axes}
          valueFormatter={money}
          withLegend
          series={currencySeries}
        />
      </ChartFigure>

      <ChartFigure
        id="chart-revenue"
        title={t('charts.revenue', { per })}
        summary={t('summaries.revenue', {
          won: format.number(report.series.reduce((sum, day) => sum + day.wonDeals, 0)),
        })}
        columns={[t('columns.period'), ...currencies]}
        rows={revenuePoints
          .filter((point) => currencies.some((currency) => point.amounts[currency]))
          .map((point) => [
            point.label,
            ...currencies.map((currency) => format.money(point.amounts[currency] ?? 0, currency)),
          ])}
      >
        <BarChart
          h={240}
          data={revenue}
          dataKey="label"
          {...axes}
          valueFormatter={money}
          withLegend
          series={currencySeries}
        />
      </ChartFigure>

      <ChartFigure
        id="chart-nps"
        title={t('charts.nps')}
        summary={
          report.nps.score === null
            ? t('summaries.npsNone')
            : t('summaries.nps', {
                score: format.number(report.nps.score),
                responses: format.number(report.nps.responses),
              })
        }
        columns={[t('columns.group'), t('columns.answers')]}
        rows={nps.map((row) => [t(`nps.${row.group}`), number(row.answers)])}
      >
        <DonutChart
          mx="auto"
          withLabels
          valueFormatter={number}
          chartLabel={report.nps.score === null ? '' : format.number(report.nps.score)}
          data={nps.map((row) => ({
            name: t(`nps.${row.group}`),
            value: row.answers,
            color: row.group === 'promoters' ? 'teal.7' : row.group === 'passives' ? 'gray.6' : 'red.7',
          }))}
        />
      </ChartFigure>

      <ChartFigure
        id="chart-campaign-roi"
        title={t('charts.campaignRoi', { currency: roiCurrency ?? '' })}
        summary={
          roi.length
            ? t('summaries.campaignRoi', { campaigns: format.number(roi.length) })
            : t('summaries.campaignRoiNone')
        }
        columns={[t('columns.campaign'), t('columns.roi')]}
        rows={roi.map((row) => [row.label, format.percent(row.roi)])}
      >
        <BarChart
          h={240}
          data={roi}
          dataKey="label"
          {...axes}
          valueFormatter={(value) => format.percent(value)}
          series={[{ name: 'roi', label: t('columns.roi'), color: 'grape.6' }]}
        />
      </ChartFigure>

      <ChartFigure
        id="chart-pipeline"
        title={t('charts.pipeline')}
        summary={t('summaries.pipeline', {
          deals: format.number(report.pipeline.openDeals),
          value: moneyText(format, report.pipeline.value, t('none')),
          forecast: moneyText(format, report.pipeline.weightedForecast, t('none')),
        })}
        columns={[t('columns.currency'), t('series.pipelineValue'), t('series.weightedForecast')]}
        rows={pipeline.map((row) => [
          row.currency,
          format.money(row.value, row.currency),
          format.money(row.weightedForecast, row.currency),
        ])}
      >
        <BarChart
          h={240}
          data={pipeline}
          dataKey="currency"
          {...axes}
          valueFormatter={money}
          withLegend
          series={[
            { name: 'value', label: t('series.pipelineValue'), color: 'indigo.6' },
            { name: 'weightedForecast', label: t('series.weightedForecast'), color: 'teal.7' },
          ]}
        />
      </ChartFigure>
    </SimpleGrid>
  );
}

function Stats({ report }: { report: KpiReport }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const rate = (value: number | null) => (value === null ? t('none') : format.percent(value));
  const score = (value: number | null) =>
    value === null ? t('none') : format.number(value, { maximumFractionDigits: 1 });
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
      <StatTile label={t('stats.newCustomers')} value={format.number(report.newCustomers)} />
      <StatTile label={t('stats.newContacts')} value={format.number(report.newContacts)} />
      <StatTile label={t('stats.conversion')} value={rate(report.leadToCustomerConversionRate)} />
      <StatTile label={t('stats.churn')} value={rate(report.churnRate)} />
      <StatTile label={t('stats.retention')} value={rate(report.retentionRate)} />
      <StatTile label={t('stats.growth')} value={rate(report.customerBaseGrowthRate)} />
      <StatTile label={t('stats.renewal')} value={rate(report.renewalRate)} />
      <StatTile label={t('stats.cac')} value={moneyText(format, report.customerAcquisitionCost, t('none'))} />
      <StatTile label={t('stats.spend')} value={moneyText(format, report.campaignSpend, t('none'))} />
      <StatTile label={t('stats.nps')} value={score(report.nps.score)} />
      <StatTile label={t('stats.csat')} value={rate(report.csat.satisfiedRate)} />
      <StatTile label={t('stats.ces')} value={score(report.customerEffortScore.average)} />
    </SimpleGrid>
  );
}

/** The KPIs over a chosen period, as charts with their numbers beside them. */
export function ReportsPage() {
  const { t } = useTranslation('reports');
  const [search, setSearch] = useSearchParams();
  const now = useMemo(() => new Date(), []);
  const range = rangeFromSearch(search, now);
  const kpis = useKpis(range);
  const choose = (next: DayRange) => setSearch({ from: next.from, to: next.to });
  return (
    <Stack>
      <Title order={1}>{t('title')}</Title>
      <ReportTabs />
      <PeriodPicker range={range} now={now} onChange={choose} />
      {kpis.error ? <ProblemAlert error={kpis.error} /> : null}
      {kpis.isPending ? (
        <PageLoader />
      ) : kpis.data ? (
        <Stack aria-busy={kpis.isFetching}>
          <Stats report={kpis.data} />
          <Charts report={kpis.data} />
        </Stack>
      ) : null}
    </Stack>
  );
}
