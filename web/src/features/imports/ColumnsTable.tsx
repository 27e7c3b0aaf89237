import { Badge, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnPlan } from '#shared/imports/csv-mapping.ts';
import type { ColumnSuggestion } from '#shared/imports/import.schema.ts';
import { choiceOf, customNameFor, directionOf, fieldsOf, isCustomFieldName, type ImportEntity } from './mapping-draft';

const confidenceColors: Record<ColumnSuggestion['confidence'], string> = {
  certain: 'indigo',
  high: 'teal',
  medium: 'orange',
  none: 'gray',
};

/**
 * Every column of the file with what suggestColumns makes of it (field, confidence, reason) and an
 * example cell, and a picker to read it as another field, a custom field, or not at all.
 */
export function ColumnsTable({
  entity,
  plan,
  examples,
  onField,
}: {
  entity: ImportEntity;
  plan: ColumnPlan;
  /** A non-empty cell of each column from the first rows, to recognise it by. */
  examples: Map<string, string>;
  onField: (column: string, field: string) => void;
}) {
  const { t } = useTranslation('imports');
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label={t('columns.label')} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.column')}</Table.Th>
            <Table.Th>{t('columns.example')}</Table.Th>
            <Table.Th>{t('columns.field')}</Table.Th>
            <Table.Th>{t('columns.confidence')}</Table.Th>
            <Table.Th>{t('columns.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.columns.map((suggestion) => (
            <ColumnRow
              key={suggestion.column}
              entity={entity}
              suggestion={suggestion}
              example={examples.get(suggestion.column) ?? ''}
              onField={(field) => onField(suggestion.column, field)}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ColumnRow({
  entity,
  suggestion,
  example,
  onField,
}: {
  entity: ImportEntity;
  suggestion: ColumnSuggestion;
  example: string;
  onField: (field: string) => void;
}) {
  const { t } = useTranslation('imports');
  const { column } = suggestion;
  const choice = choiceOf(suggestion.field);
  // A custom field name being typed; it becomes the column's field once it is one the API takes.
  const [typing, setTyping] = useState<string | undefined>(undefined);
  const customName = typing ?? (choice.kind === 'custom' ? choice.name : undefined);
  const selected = typing !== undefined ? 'custom' : choice.kind === 'field' ? choice.field : choice.kind;
  const commit = () => {
    if (typing === undefined || !isCustomFieldName(typing)) return;
    onField(`custom.${typing}`);
    setTyping(undefined);
  };
  return (
    <Table.Tr>
      <Table.Td dir="auto" fw={500}>
        {column}
      </Table.Td>
      <Table.Td dir={directionOf(suggestion.field)} maw={200} style={{ overflowWrap: 'anywhere' }}>
        {example}
      </Table.Td>
      <Table.Td miw={220}>
        <NativeSelect
          aria-label={t('columns.readAs', { column })}
          value={selected}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (value !== 'custom') {
              setTyping(undefined);
              return onField(value);
            }
            const proposed = customNameFor(column);
            if (proposed) onField(`custom.${proposed}`);
            else setTyping('');
          }}
          data={[
            { value: 'ignore', label: t('fields.ignore') },
            ...fieldsOf(entity).map((field) => ({ value: field, label: t(`fields.${field}`) })),
            { value: 'custom', label: t('fields.custom') },
          ]}
        />
        {customName !== undefined ? (
          <TextInput
            mt={4}
            size="xs"
            dir="ltr"
            aria-label={t('columns.customName', { column })}
            value={customName}
            error={typing !== undefined && !isCustomFieldName(typing) ? t('columns.customNameRule') : undefined}
            onChange={(event) => setTyping(event.currentTarget.value)}
            onBlur={commit}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commit();
            }}
            leftSection={
              <Text size="xs" c="dimmed">
                custom.
              </Text>
            }
            leftSectionWidth={56}
          />
        ) : null}
      </Table.Td>
      <Table.Td>
        <Badge color={confidenceColors[suggestion.confidence]} variant="light" c="dark.7" miw="max-content">
          {t(`confidence.${suggestion.confidence}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        {/* The reason as suggestColumns (and the API, and the CLI) words it: English, like the API's problem details. */}
        <Text size="sm" lang="en" dir="ltr">
          {suggestion.reason}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
