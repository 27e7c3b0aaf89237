import '@mantine/charts/styles.css';
import { Paper, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A chart with its text alternative: a figure named by its title, a one-line summary as its caption, and the
 * numbers it draws as a table behind a disclosure. With no rows it says there is nothing to show instead.
 */
export function ChartFigure({
  id,
  title,
  summary,
  columns,
  rows,
  children,
}: {
  id: string;
  title: string;
  summary: string;
  columns: string[];
  rows: string[][];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" component="figure" m={0} aria-labelledby={`${id}-title`} data-testid={id}>
      <Title order={2} size="h4" id={`${id}-title`} mb="xs">
        {title}
      </Title>
      <Text size="sm" mb="sm" component="figcaption">
        {summary}
      </Text>
      {rows.length ? children : <Text c="dimmed">{t('charts.noData')}</Text>}
      {rows.length ? (
        <details>
          <summary>{t('charts.showTable', { title })}</summary>
          <Table aria-label={title}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <Table.Th key={column}>{column}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => (
                <Table.Tr key={index}>
                  {row.map((cell, cellIndex) => (
                    <Table.Td key={cellIndex}>{cell}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </details>
      ) : null}
    </Paper>
  );
}

/** One figure of a report, named by its label (a screen reader reads the group's name, then the value). */
export function StatTile({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm" radius="md" role="group" aria-label={label}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} dir="auto">
        {value}
      </Text>
    </Paper>
  );
}
