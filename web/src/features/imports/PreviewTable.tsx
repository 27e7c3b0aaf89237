import { Badge, List, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ColumnPlan } from '#shared/imports/csv-mapping.ts';
import type { CsvRow } from '#shared/imports/csv-records.ts';
import type { RowOutcome, RowResult } from '#shared/imports/import.schema.ts';
import { useFormat } from '../../lib/format';
import { directionOf } from './mapping-draft';
import { previewRow } from './row-preview';

export const outcomeColors: Record<RowOutcome, string> = {
  created: 'teal',
  updated: 'indigo',
  unchanged: 'gray',
  rejected: 'red',
  deferred: 'gray',
};

/**
 * The preview's rows: for each, its line, what the dry run says the import would do with it (and why it
 * would be refused, or which cells it would leave out), and what the row holds as the API will read it.
 */
export function PreviewTable({
  plan,
  results,
  rowsByLine,
}: {
  plan: ColumnPlan;
  results: RowResult[];
  rowsByLine: Map<number, CsvRow>;
}) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const now = new Date().toISOString();
  const keyField = plan.entity === 'contacts' ? 'email' : 'domain';
  /** A value as the reader reads it: stages by their name, dates in their calendar; the rest as read. */
  const shownValue = (field: string, value: string) => {
    if (field === 'lifecycleStage') return t(`stageNames.${value}`, { defaultValue: value });
    if (field === 'originalCreatedAt') return format.dateTime(value);
    return value;
  };
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table aria-label={t('preview.label')} verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('preview.line')}</Table.Th>
            <Table.Th>{t('preview.outcome')}</Table.Th>
            <Table.Th>{t(`fields.${keyField}`)}</Table.Th>
            <Table.Th>{t('preview.name')}</Table.Th>
            <Table.Th>{t('preview.becomes')}</Table.Th>
            <Table.Th>{t('preview.notes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.map((result) => {
            const row = rowsByLine.get(result.row);
            const shown = row ? previewRow(row.fields, plan, now) : { key: '', name: '', details: [] };
            return (
              <Table.Tr key={result.row}>
                <Table.Td>{format.number(result.row)}</Table.Td>
                <Table.Td>
                  <Badge color={outcomeColors[result.outcome]} variant="light" c="dark.7" miw="max-content">
                    {t(`preview.outcomes.${result.outcome}`)}
                  </Badge>
                </Table.Td>
                <Table.Td dir="ltr" style={{ whiteSpace: 'nowrap' }}>
                  {shown.key}
                </Table.Td>
                <Table.Td dir="auto">{shown.name}</Table.Td>
                <Table.Td miw={280}>
                  {shown.details.map(({ field, value }) => (
                    <Text key={field} size="xs">
                      <Text span size="xs" c="dimmed">
                        {field.startsWith('custom.') ? <bdi>{field}</bdi> : t(`fields.${field}`)}:
                      </Text>{' '}
                      <Text component="bdi" size="xs" dir={field === 'originalCreatedAt' ? 'auto' : directionOf(field)}>
                        {shownValue(field, value)}
                      </Text>
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  <Reasons result={result} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A row's reasons (rejected) and warnings (cells left out), each with the field it concerns. */
export function Reasons({ result }: { result: RowResult }) {
  const notes = [
    // Red for a reason the row is refused; a warning (a cell left out) in the text's own colour.
    ...(result.errors ?? []).map((error) => ({ ...error, color: 'red.9' })),
    ...(result.warnings ?? []).map((warning) => ({ ...warning, color: undefined })),
  ];
  if (!notes.length) return null;
  return (
    <List size="xs" spacing={2} listStyleType="none">
      {notes.map(({ pointer, message, color }) => (
        <List.Item key={`${pointer}:${message}`}>
          <Text span size="xs" c={color} lang="en" dir="ltr">
            {pointer ? <code>{pointer}</code> : null} {message}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
