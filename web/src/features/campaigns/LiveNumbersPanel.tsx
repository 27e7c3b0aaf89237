import { Alert, Group, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { emailRates, exitReasonsCounted } from '#shared/campaigns/step-counts.rules.ts';
import { useFormat } from '../../lib/format';
import type { CampaignVersionSummary } from './api';
import { exitedTotal, type LiveNode, type LiveOverlay, type LiveStepCounts } from './journey-live.ts';
import { liveRefreshMs } from './numbers-api';

/** Which numbers the canvas shows: the published version's live counters, or a simulation's (never both). */
export type CanvasNumbers = 'live' | 'simulation';

/**
 * Above the canvas of a published journey: which numbers it shows (live or simulated), which version's, when
 * they were last read, since when they count, and, while the draft differs from that version, that the
 * numbers are the version's (with the numbers of steps the draft no longer has, which the canvas cannot draw).
 */
export function LiveNumbersBar({
  numbers,
  onNumbers,
  canShowSimulation,
  versions,
  version,
  liveVersion,
  onVersion,
  overlay,
  updatedAt,
}: {
  numbers: CanvasNumbers;
  onNumbers(numbers: CanvasNumbers): void;
  canShowSimulation: boolean;
  versions: CampaignVersionSummary[];
  version: number;
  liveVersion: number;
  onVersion(version: number): void;
  overlay: LiveOverlay | undefined;
  updatedAt: number | undefined;
}) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const number = format.number(version);
  const time = (at: number) =>
    new Intl.DateTimeFormat(format.language.locale, { timeStyle: 'medium' }).format(new Date(at));
  return (
    <Stack gap="xs" data-testid="live-numbers-bar">
      <Group gap="sm" align="center" wrap="wrap">
        <Text size="sm" fw={600} id="canvas-numbers-label">
          {t('live.mode')}
        </Text>
        <SegmentedControl
          aria-labelledby="canvas-numbers-label"
          size="xs"
          value={numbers}
          onChange={(value) => onNumbers(value as CanvasNumbers)}
          data={[
            { value: 'live', label: t('live.modeLive', { number }) },
            { value: 'simulation', label: t('live.modeSimulation'), disabled: !canShowSimulation },
          ]}
        />
        {numbers === 'live' && versions.length > 1 ? (
          <Select
            size="xs"
            label={t('live.version')}
            w={200}
            allowDeselect={false}
            value={String(version)}
            onChange={(value) => value && onVersion(Number(value))}
            data={versions.map((each) => ({
              value: String(each.number),
              label: t(each.number === liveVersion ? 'live.versionOptionLive' : 'live.versionOption', {
                number: format.number(each.number),
              }),
            }))}
          />
        ) : null}
        {numbers === 'live' && overlay && updatedAt ? (
          <Text size="xs" c="dimmed" data-testid="live-updated">
            {t('live.updated', {
              number,
              time: time(updatedAt),
              seconds: format.number(liveRefreshMs / 1000),
            })}{' '}
            {overlay.countingSince
              ? t(overlay.countsWholeVersion ? 'live.countingSince' : 'live.countingPartly', {
                  date: format.dateTime(overlay.countingSince),
                })
              : t('live.notCountedYet')}
          </Text>
        ) : null}
        {numbers === 'simulation' ? (
          <Text size="xs" c="dimmed">
            {t('live.simulationNote')}
          </Text>
        ) : null}
      </Group>
      {numbers === 'live' && overlay?.draftDiffers ? (
        <Alert
          color="orange"
          title={t('live.draftDiffers', { number })}
          // Any orange title fails WCAG AA contrast on the light alert's tint (orange.9: 3.6:1); dark.7 passes.
          styles={{ title: { color: 'var(--mantine-color-dark-7)' } }}
          data-testid="live-draft-differs"
        >
          <Text size="sm">{t('live.draftDiffersDetail', { number })}</Text>
          {overlay.onlyInVersion.length ? (
            <Text size="sm" mt={4}>
              {t('live.onlyInVersion', {
                number,
                steps: overlay.onlyInVersion
                  .map((counts) =>
                    t('live.onlyInVersionStep', {
                      id: counts.stepId,
                      entered: format.number(counts.entered),
                      waiting: format.number(counts.waiting),
                    }),
                  )
                  .join(t('live.separator')),
              })}
            </Text>
          ) : null}
        </Alert>
      ) : null}
    </Stack>
  );
}

type Row = { label: string; value: string };

function NumbersTable({ label, rows }: { label: string; rows: Row[] }) {
  return (
    <Table striped aria-label={label} data-testid="live-numbers-table">
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.label}>
            <Table.Th scope="row" fw={400}>
              {row.label}
            </Table.Th>
            <Table.Td ta="end">{row.value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A count's rows: what its emails did (sends, first opens and clicks, their rates) and where enrollments ended. */
function useCountRows() {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const rate = (value: number | null) => (value === null ? t('live.panel.none') : format.percent(value));
  return (counts: Pick<LiveStepCounts, 'sent' | 'opened' | 'clicked' | 'converted' | 'completed' | 'exited'>) => {
    const rates = emailRates(counts);
    return {
      emails: [
        { label: t('live.panel.sent'), value: format.number(counts.sent) },
        { label: t('live.panel.opened'), value: format.number(counts.opened) },
        { label: t('live.panel.openRate'), value: rate(rates.openRate) },
        { label: t('live.panel.clicked'), value: format.number(counts.clicked) },
        { label: t('live.panel.clickRate'), value: rate(rates.clickRate) },
      ],
      ends: [
        { label: t('live.panel.converted'), value: format.number(counts.converted) },
        { label: t('live.panel.completed'), value: format.number(counts.completed) },
        { label: t('live.panel.exitedAll'), value: format.number(exitedTotal(counts)) },
        ...exitReasonsCounted.map((reason) => ({
          label: t('live.panel.exited', { reason: t(`live.exit.${reason}`) }),
          value: format.number(counts.exited[reason]),
        })),
      ],
    };
  };
}

/** A step's live numbers in full, in its panel: every counter, exits by reason, and each A/B variant with its rates. */
export function LiveStepNumbers({ stepId, node, version }: { stepId: string; node: LiveNode; version: number }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const countRows = useCountRows();
  const number = format.number(version);
  const rate = (value: number | null) => (value === null ? t('live.panel.none') : format.percent(value));
  return (
    <Stack gap="xs" data-testid="live-step-numbers">
      <Title order={3} size="h5">
        {t('live.panel.tableLabel', { id: stepId, number })}
      </Title>
      {node.kind === 'draft-only' ? (
        <Text size="sm">{t('live.nodeDraftOnly', { number })}</Text>
      ) : (
        <>
          {node.changed ? (
            <Text size="sm" fw={600}>
              {t('live.nodeEdited', { number })}
            </Text>
          ) : null}
          <NumbersTable
            label={t('live.panel.tableLabel', { id: stepId, number })}
            rows={[
              { label: t('live.panel.entered'), value: format.number(node.counts.entered) },
              { label: t('live.panel.waiting'), value: format.number(node.counts.waiting) },
              ...(node.counts.type === 'email' ? countRows(node.counts).emails : []),
              ...countRows(node.counts).ends,
            ]}
          />
          {node.counts.variants.length ? (
            <Table striped aria-label={t('live.panel.variantsLabel', { id: stepId, number })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('live.panel.variant')}</Table.Th>
                  <Table.Th ta="end">{t('live.panel.sent')}</Table.Th>
                  <Table.Th ta="end">{t('live.panel.opened')}</Table.Th>
                  <Table.Th ta="end">{t('live.panel.openRate')}</Table.Th>
                  <Table.Th ta="end">{t('live.panel.clicked')}</Table.Th>
                  <Table.Th ta="end">{t('live.panel.clickRate')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {node.counts.variants.map((variant) => {
                  const rates = emailRates(variant);
                  return (
                    <Table.Tr key={variant.variantId}>
                      <Table.Th scope="row" dir="ltr" fw={400}>
                        {variant.variantId}
                      </Table.Th>
                      <Table.Td ta="end">{format.number(variant.sent)}</Table.Td>
                      <Table.Td ta="end">{format.number(variant.opened)}</Table.Td>
                      <Table.Td ta="end">{rate(rates.openRate)}</Table.Td>
                      <Table.Td ta="end">{format.number(variant.clicked)}</Table.Td>
                      <Table.Td ta="end">{rate(rates.clickRate)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          ) : null}
        </>
      )}
    </Stack>
  );
}

/** The version's totals, in the trigger's panel: enrollments, in the journey now, and every step's sums. */
export function LiveTotalNumbers({ overlay }: { overlay: LiveOverlay }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const countRows = useCountRows();
  const number = format.number(overlay.version);
  return (
    <Stack gap="xs" data-testid="live-total-numbers">
      <Title order={3} size="h5">
        {t('live.panel.totalsTitle', { number })}
      </Title>
      <NumbersTable
        label={t('live.panel.totalsTitle', { number })}
        rows={[
          { label: t('live.panel.enrolled'), value: format.number(overlay.totals.enrolled) },
          { label: t('live.panel.inJourney'), value: format.number(overlay.totals.waiting) },
          ...countRows(overlay.totals).emails,
          ...countRows(overlay.totals).ends,
        ]}
      />
    </Stack>
  );
}
