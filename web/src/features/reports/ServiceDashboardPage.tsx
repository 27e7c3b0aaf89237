import { BarChart } from '@mantine/charts';
import { Select, SimpleGrid, Stack, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ChartFigure, StatTile } from '../../components/ChartFigure';
import { PageLoader } from '../../components/PageLoader';
import { PeriodPicker } from '../../components/PeriodPicker';
import { ProblemAlert } from '../../components/ProblemAlert';
import { rangeFromSearch, type DayRange } from '../../lib/day-range';
import { useFormat } from '../../lib/format';
import { useTeams } from '../../lib/teams';
import { useServiceKpis } from './api';
import { ReportTabs } from './ReportTabs';
import { bandParts, durationParts, type MinutesBand, type ServiceReport } from './service-series';

/** Words for durations and quantile buckets, in the reader's language and digits. */
function useDurations() {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const duration = (minutes: number) => {
    const { value, unit } = durationParts(minutes);
    return t(`service.units.${unit}`, { value: format.number(value, { maximumFractionDigits: 1 }) });
  };
  const band = (value: MinutesBand | null) => {
    if (!value) return t('none');
    const parts = bandParts(value);
    const from = parts.from === undefined ? '' : duration(parts.from);
    const to = parts.to === undefined ? '' : duration(parts.to);
    return t(`service.band.${parts.kind}`, { from, to });
  };
  return { duration, band };
}

function Stats({ report }: { report: ServiceReport }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const { band } = useDurations();
  const rate = (value: number | null) => (value === null ? t('none') : format.percent(value));
  const average = (value: number | null) =>
    value === null ? t('none') : format.number(value, { maximumFractionDigits: 1 });
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
      <StatTile label={t('service.stats.opened')} value={format.number(report.opened)} />
      <StatTile label={t('service.stats.resolved')} value={format.number(report.resolved)} />
      <StatTile label={t('service.stats.reopenRate')} value={rate(report.reopenRate)} />
      <StatTile label={t('service.stats.backlog')} value={format.number(report.backlog.total)} />
      <StatTile label={t('service.stats.slaAttainment')} value={rate(report.sla.attainment)} />
      <StatTile
        label={t('service.stats.breaches')}
        value={format.number(report.sla.breaches.firstResponse + report.sla.breaches.resolution)}
      />
      <StatTile label={t('service.stats.firstResponseMedian')} value={band(report.firstResponse.median)} />
      <StatTile label={t('service.stats.firstResponseP90')} value={band(report.firstResponse.p90)} />
      <StatTile label={t('service.stats.resolutionMedian')} value={band(report.resolution.median)} />
      <StatTile label={t('service.stats.resolutionP90')} value={band(report.resolution.p90)} />
      <StatTile label={t('service.stats.csat')} value={rate(report.csat.positiveRate)} />
      <StatTile label={t('service.stats.ces')} value={average(report.ces.average)} />
    </SimpleGrid>
  );
}

function Charts({ report }: { report: ServiceReport }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const { duration } = useDurations();
  const rtl = format.language.dir === 'rtl';
  const axes = {
    xAxisProps: { reversed: rtl },
    yAxisProps: { orientation: rtl ? ('right' as const) : ('left' as const) },
  };
  const number = (value: number) => format.number(value);
  const days = report.series.map((point) => ({ ...point, label: format.date(point.day) }));
  const kinds = (['new', 'open', 'waiting'] as const).map((kind) => ({
    label: t(`service.kinds.${kind}`),
    tickets: report.backlog.byStatusKind[kind],
  }));
  const ages = report.backlog.byAge.map((row) => ({ label: t(`service.ages.${row.band}`), tickets: row.tickets }));
  const histogram = (figures: ServiceReport['firstResponse']) =>
    figures.histogram.map((bucket) => ({
      label:
        bucket.atMostMinutes === null
          ? t('service.band.over', { from: duration(30 * 1440) })
          : t('service.band.upTo', { to: duration(bucket.atMostMinutes) }),
      tickets: bucket.tickets,
    }));
  const firstResponse = histogram(report.firstResponse);
  const resolution = histogram(report.resolution);
  const ticketsSeries = [{ name: 'tickets', label: t('service.columns.tickets'), color: 'indigo.6' }];
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartFigure
        id="chart-tickets"
        title={t('service.charts.tickets')}
        summary={t('service.summaries.tickets', {
          opened: format.number(report.opened),
          resolved: format.number(report.resolved),
          reopened: format.number(report.reopened),
        })}
        columns={[
          t('columns.period'),
          t('service.series.opened'),
          t('service.series.resolved'),
          t('service.series.reopened'),
        ]}
        rows={days.map((point) => [point.label, number(point.opened), number(point.resolved), number(point.reopened)])}
      >
        <BarChart
          h={240}
          data={days}
          dataKey="label"
          {...axes}
          valueFormatter={number}
          withLegend
          series={[
            { name: 'opened', label: t('service.series.opened'), color: 'indigo.6' },
            { name: 'resolved', label: t('service.series.resolved'), color: 'teal.7' },
            { name: 'reopened', label: t('service.series.reopened'), color: 'orange.7' },
          ]}
        />
      </ChartFigure>

      <ChartFigure
        id="chart-backlog-status"
        title={t('service.charts.backlogByStatus')}
        summary={t('service.summaries.backlog', { total: format.number(report.backlog.total) })}
        columns={[t('service.columns.status'), t('service.columns.tickets')]}
        rows={report.backlog.total ? kinds.map((row) => [row.label, number(row.tickets)]) : []}
      >
        <BarChart h={240} data={kinds} dataKey="label" {...axes} valueFormatter={number} series={ticketsSeries} />
      </ChartFigure>

      <ChartFigure
        id="chart-backlog-age"
        title={t('service.charts.backlogByAge')}
        summary={t('service.summaries.backlog', { total: format.number(report.backlog.total) })}
        columns={[t('service.columns.age'), t('service.columns.tickets')]}
        rows={report.backlog.total ? ages.map((row) => [row.label, number(row.tickets)]) : []}
      >
        <BarChart h={240} data={ages} dataKey="label" {...axes} valueFormatter={number} series={ticketsSeries} />
      </ChartFigure>

      <ChartFigure
        id="chart-sla"
        title={t('service.charts.sla')}
        summary={t('service.summaries.sla', {
          met: format.number(report.sla.met),
          missed: format.number(report.sla.missed),
        })}
        columns={[t('service.columns.outcome'), t('service.columns.tickets')]}
        rows={
          report.sla.met + report.sla.missed
            ? [
                [t('service.sla.met'), number(report.sla.met)],
                [t('service.sla.missed'), number(report.sla.missed)],
              ]
            : []
        }
      >
        <BarChart
          h={240}
          data={[
            { label: t('service.sla.met'), tickets: report.sla.met },
            { label: t('service.sla.missed'), tickets: report.sla.missed },
          ]}
          dataKey="label"
          {...axes}
          valueFormatter={number}
          series={ticketsSeries}
        />
      </ChartFigure>

      <ChartFigure
        id="chart-first-response"
        title={t('service.charts.firstResponse')}
        summary={t('service.summaries.durations', { tickets: format.number(report.firstResponse.tickets) })}
        columns={[t('service.columns.duration'), t('service.columns.tickets')]}
        rows={firstResponse.map((row) => [row.label, number(row.tickets)])}
      >
        <BarChart
          h={240}
          data={firstResponse}
          dataKey="label"
          {...axes}
          valueFormatter={number}
          series={ticketsSeries}
        />
      </ChartFigure>

      <ChartFigure
        id="chart-resolution"
        title={t('service.charts.resolution')}
        summary={t('service.summaries.durations', { tickets: format.number(report.resolution.tickets) })}
        columns={[t('service.columns.duration'), t('service.columns.tickets')]}
        rows={resolution.map((row) => [row.label, number(row.tickets)])}
      >
        <BarChart h={240} data={resolution} dataKey="label" {...axes} valueFormatter={number} series={ticketsSeries} />
      </ChartFigure>
    </SimpleGrid>
  );
}

/** The service desk's KPIs over a chosen period, for every team or one, as figures and charts with their numbers. */
export function ServiceDashboardPage() {
  const { t } = useTranslation('reports');
  const [search, setSearch] = useSearchParams();
  const now = useMemo(() => new Date(), []);
  const range = rangeFromSearch(search, now);
  const teamId = search.get('teamId') ?? undefined;
  const teams = useTeams();
  const kpis = useServiceKpis(range, teamId);
  const choose = (next: DayRange, team = teamId) =>
    setSearch({ from: next.from, to: next.to, ...(team ? { teamId: team } : {}) });
  return (
    <Stack>
      <Title order={1}>{t('service.title')}</Title>
      <ReportTabs />
      <PeriodPicker range={range} now={now} onChange={(next) => choose(next)} />
      <Select
        label={t('service.team')}
        placeholder={t('service.allTeams')}
        clearable
        maw={320}
        data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
        value={teamId ?? null}
        onChange={(value) => choose(range, value ?? undefined)}
      />
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
