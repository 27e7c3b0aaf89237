import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ColumnPlan } from '#shared/imports/csv-mapping.ts';
import type { CsvRow } from '#shared/imports/csv-records.ts';
import type { RowResult } from '#shared/imports/import.schema.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { Reasons } from './PreviewTable';
import { downloadText } from './download';
import { keyFieldOf, recordKeyOf, reportCsv, reportJson, type ImportOutcome } from './report-files';

/** Rows listed on the screen per table; the downloads hold them all. */
const shownRows = 100;

/**
 * The end of an import: how many rows were created, merged, unchanged, rejected or not sent, the
 * rejected rows with their reasons and the rows imported with warnings, and the whole report to download.
 */
export function ImportReportView({
  outcome,
  plan,
  rowsByLine,
}: {
  outcome: ImportOutcome;
  plan: ColumnPlan;
  rowsByLine: Map<number, CsvRow>;
}) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const { report, status, error } = outcome.run;
  const notSent = Math.max(0, outcome.rowsInFile - report.rows);
  const keyField = keyFieldOf(plan.entity);
  const keyOfLine = (line: number) => {
    const row = rowsByLine.get(line);
    return row ? recordKeyOf(row.fields, plan) : '';
  };
  const stem = outcome.fileName.replace(/\.[^.]*$/, '') || 'import';
  const counts: [string, number][] = [
    ['created', report.counts.created],
    ['updated', report.counts.updated],
    ['unchanged', report.counts.unchanged],
    ['rejected', report.counts.rejected],
    ...(notSent ? ([['notSent', notSent]] as [string, number][]) : []),
  ];
  return (
    <Stack>
      <Title order={2}>{t('report.title')}</Title>
      {/* The status as the alert's message: a light alert's title colour is too pale for teal and yellow. */}
      {status === 'complete' ? (
        <Alert color="teal">{t('report.complete', { rows: format.number(report.rows) })}</Alert>
      ) : null}
      {status === 'cancelled' ? (
        <Alert color="yellow">{t('report.cancelled', { rows: format.number(notSent) })}</Alert>
      ) : null}
      {status === 'failed' ? (
        <>
          <Alert color="red">{t('report.failed', { rows: format.number(notSent) })}</Alert>
          <ProblemAlert error={error} />
        </>
      ) : null}
      <Table aria-label={t('report.countsLabel')} maw={420}>
        <Table.Tbody>
          {counts.map(([name, count]) => (
            <Table.Tr key={name}>
              <Table.Th scope="row">{t(`report.counts.${name}`)}</Table.Th>
              <Table.Td data-testid={`count-${name}`}>{format.number(count)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          onClick={() =>
            downloadText(`${stem}-import-report.csv`, reportCsv(outcome, keyOfLine, keyField), 'text/csv;charset=utf-8')
          }
        >
          {t('report.downloadCsv')}
        </Button>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          onClick={() => downloadText(`${stem}-import-report.json`, reportJson(outcome), 'application/json')}
        >
          {t('report.downloadJson')}
        </Button>
      </Group>
      <RowsTable
        title={t('report.rejectedTitle')}
        rows={[...report.rejected].sort((a, b) => a.row - b.row)}
        keyField={keyField}
        keyOfLine={keyOfLine}
      />
      <RowsTable
        title={t('report.warnedTitle')}
        rows={[...report.warned].sort((a, b) => a.row - b.row)}
        keyField={keyField}
        keyOfLine={keyOfLine}
      />
    </Stack>
  );
}

function RowsTable({
  title,
  rows,
  keyField,
  keyOfLine,
}: {
  title: string;
  rows: RowResult[];
  keyField: string;
  keyOfLine: (line: number) => string;
}) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  if (!rows.length) return null;
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {title}
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label={title} verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('preview.line')}</Table.Th>
              <Table.Th>{t(`fields.${keyField}`)}</Table.Th>
              <Table.Th>{t('report.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, shownRows).map((result) => (
              <Table.Tr key={result.row}>
                <Table.Td>{format.number(result.row)}</Table.Td>
                <Table.Td dir="ltr">{keyOfLine(result.row)}</Table.Td>
                <Table.Td>
                  <Reasons result={result} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length > shownRows ? (
        <Text size="sm" c="dimmed">
          {t('report.more', { rows: format.number(rows.length - shownRows) })}
        </Text>
      ) : null}
    </Stack>
  );
}
