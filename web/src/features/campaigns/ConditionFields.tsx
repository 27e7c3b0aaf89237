import { Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContactCondition } from '#shared/campaigns/campaign-definition.schema.ts';

type Condition = Partial<ContactCondition> & { kind?: ContactCondition['kind'] };
const operators = ['equals', 'not-equals', 'contains', 'in'] as const;
const fields = ['lifecycleStage', 'jobTitle', 'country', 'tags'];

/** A branch's, a goal's or the campaign's condition; `errorOf` gives the schema's message for a field of it. */
export function ConditionFields({
  condition,
  onChange,
  emailSteps,
  segments,
  errorOf,
  aboutContactOnly = false,
  disabled,
}: {
  condition: Condition | undefined;
  onChange(condition: Condition): void;
  emailSteps: string[];
  segments: { value: string; label: string }[];
  errorOf(field: string): string | undefined;
  /** The campaign's goal: about the contact, never one email. */
  aboutContactOnly?: boolean;
  disabled: boolean;
}) {
  const { t } = useTranslation('campaigns');
  const kinds = (['opened', 'clicked', 'field', 'score', 'in-segment'] as const).filter(
    (kind) => !aboutContactOnly || (kind !== 'opened' && kind !== 'clicked'),
  );
  const fresh = (kind: ContactCondition['kind']): Condition => {
    switch (kind) {
      case 'opened':
      case 'clicked':
        return { kind, stepId: emailSteps[0] ?? '' };
      case 'field':
        return { kind, field: 'lifecycleStage', operator: 'equals', value: '' };
      case 'score':
        return { kind, min: 50 };
      case 'in-segment':
        return { kind, segmentId: segments[0]?.value ?? '' };
    }
  };
  const value = condition ?? {};
  return (
    <Stack gap="xs">
      <Select
        label={t('condition.kind')}
        data={kinds.map((kind) => ({ value: kind, label: t(`condition.${kind}`) }))}
        value={value.kind ?? null}
        onChange={(kind) => kind && onChange(fresh(kind as ContactCondition['kind']))}
        error={errorOf('kind')}
        allowDeselect={false}
        disabled={disabled}
      />
      {value.kind === 'opened' || value.kind === 'clicked' ? (
        <Select
          label={t('condition.email')}
          data={[...new Set([...emailSteps, ...(value.stepId ? [value.stepId] : [])])]}
          value={value.stepId ?? null}
          onChange={(stepId) => onChange({ ...value, stepId: stepId ?? '' } as Condition)}
          error={errorOf('stepId')}
          allowDeselect={false}
          disabled={disabled}
        />
      ) : null}
      {value.kind === 'field' ? (
        <>
          <Select
            label={t('condition.fieldName')}
            data={[...new Set([...fields, value.field ?? 'lifecycleStage'])]}
            value={value.field ?? null}
            onChange={(field) => onChange({ ...value, field: field ?? '' } as Condition)}
            error={errorOf('field')}
            allowDeselect={false}
            searchable
            disabled={disabled}
          />
          <Select
            label={t('condition.operator')}
            data={operators.map((operator) => ({ value: operator, label: t(`operator.${operator}`) }))}
            value={value.operator ?? null}
            onChange={(operator) => {
              const text = Array.isArray(value.value) ? value.value.join(', ') : String(value.value ?? '');
              onChange({
                ...value,
                operator: operator as (typeof operators)[number],
                value: operator === 'in' ? splitList(text) : text,
              } as Condition);
            }}
            error={errorOf('operator')}
            allowDeselect={false}
            disabled={disabled}
          />
          <TextInput
            label={value.operator === 'in' ? t('condition.values') : t('condition.value')}
            value={Array.isArray(value.value) ? value.value.join(', ') : String(value.value ?? '')}
            onChange={(event) =>
              onChange({
                ...value,
                value: value.operator === 'in' ? splitList(event.currentTarget.value) : event.currentTarget.value,
              } as Condition)
            }
            error={errorOf('value')}
            dir="auto"
            disabled={disabled}
          />
        </>
      ) : null}
      {value.kind === 'score' ? (
        <Group grow>
          <NumberInput
            label={t('condition.min')}
            value={value.min ?? ''}
            onChange={(min) => onChange(withNumber(value, 'min', min))}
            error={errorOf('min') ?? errorOf('')}
            disabled={disabled}
          />
          <NumberInput
            label={t('condition.max')}
            value={value.max ?? ''}
            onChange={(max) => onChange(withNumber(value, 'max', max))}
            error={errorOf('max')}
            disabled={disabled}
          />
        </Group>
      ) : null}
      {value.kind === 'in-segment' ? (
        <Select
          label={t('condition.segment')}
          data={segments}
          value={value.segmentId ?? null}
          onChange={(segmentId) => onChange({ ...value, segmentId: segmentId ?? '' } as Condition)}
          error={errorOf('segmentId')}
          allowDeselect={false}
          searchable
          disabled={disabled}
        />
      ) : null}
    </Stack>
  );
}

const splitList = (text: string) =>
  text
    .split(/[,،]/)
    .map((item) => item.trim())
    .filter(Boolean);

function withNumber(condition: Condition, key: 'min' | 'max', value: string | number): Condition {
  const next = { ...condition } as Record<string, unknown>;
  if (typeof value === 'number') next[key] = value;
  else delete next[key];
  return next as Condition;
}
