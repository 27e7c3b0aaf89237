import '@mantine/dates/styles.css';
import 'dayjs/locale/ar';
import 'dayjs/locale/fa';
import {
  ActionIcon,
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { DatePickerInput, DatesProvider } from '@mantine/dates';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { Company } from './api';
import {
  conditionDraft,
  consentStatuses,
  customFieldOperators,
  errorAt,
  lifecycleStages,
  valueTypes,
  type CustomConditionDraft,
  type CustomFieldOperator,
  type DayBound,
  type SegmentDraft,
  type ValueType,
} from './segment-draft';

type Update = (change: (draft: SegmentDraft) => SegmentDraft) => void;
// A calendar day at noon UTC is that same day in every time zone a reader may be in.
const noon = (day: string) => `${day}T12:00:00Z`;

function DayRange({
  legend,
  from,
  to,
  onChange,
  error,
}: {
  legend: string;
  from: DayBound;
  to: DayBound;
  onChange: (bounds: { from: DayBound; to: DayBound }) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation('segments');
  const format = useFormat();
  const formatter = ({ date }: { date: unknown }) =>
    typeof date === 'string' ? format.date(noon(date.slice(0, 10))) : '';
  return (
    <Fieldset legend={legend}>
      <SimpleGrid cols={2}>
        <DatePickerInput
          label={t('criteria.from')}
          clearable
          value={from.day}
          onChange={(day) => onChange({ from: { ...from, day: day ? day.slice(0, 10) : null }, to })}
          valueFormatter={formatter}
          error={error}
        />
        <DatePickerInput
          label={t('criteria.to')}
          clearable
          value={to.day}
          onChange={(day) => onChange({ from, to: { ...to, day: day ? day.slice(0, 10) : null } })}
          valueFormatter={formatter}
        />
      </SimpleGrid>
    </Fieldset>
  );
}

function ConditionRow({
  condition,
  index,
  errors,
  onChange,
  onRemove,
}: {
  condition: CustomConditionDraft;
  index: number;
  errors: Record<string, string>;
  onChange: (change: Partial<CustomConditionDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('segments');
  const at = `customFields.${index}`;
  const number = index + 1;
  const takesValue = condition.op !== 'exists' && condition.op !== 'not_exists';
  return (
    <Group align="start" wrap="wrap" gap="xs">
      <TextInput
        label={t('criteria.customField', { number })}
        dir="ltr"
        w={180}
        value={condition.field}
        onChange={(event) => onChange({ field: event.currentTarget.value })}
        error={errorAt(errors, `${at}.field`)}
      />
      <NativeSelect
        label={t('criteria.customOperator', { number })}
        value={condition.op}
        onChange={(event) => onChange({ op: event.currentTarget.value as CustomFieldOperator })}
        data={customFieldOperators.map((op) => ({ value: op, label: t(`operators.${op}`) }))}
      />
      {takesValue ? (
        <TextInput
          label={t('criteria.customValue', { number })}
          dir="auto"
          w={160}
          value={condition.value}
          onChange={(event) => onChange({ value: event.currentTarget.value })}
          error={errorAt(errors, `${at}.value`) ?? (errorAt(errors, `${at}.field`) ? undefined : errorAt(errors, at))}
        />
      ) : null}
      {condition.op === 'eq' || condition.op === 'neq' ? (
        <NativeSelect
          label={t('criteria.customType', { number })}
          value={condition.valueType}
          onChange={(event) => onChange({ valueType: event.currentTarget.value as ValueType })}
          data={valueTypes.map((type) => ({ value: type, label: t(`valueTypes.${type}`) }))}
        />
      ) : null}
      <ActionIcon mt={28} variant="default" aria-label={t('criteria.removeCustom', { number })} onClick={onRemove}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

/** Every criterion `SegmentFilter` takes, each showing the API schema's error for it. */
export function CriteriaFields({
  draft,
  errors,
  update,
  owners,
  companies,
}: {
  draft: SegmentDraft;
  errors: Record<string, string>;
  update: Update;
  owners: { id: string; name: string }[];
  companies: Company[];
}) {
  const { t } = useTranslation('segments');
  const format = useFormat();
  const set =
    <K extends keyof SegmentDraft>(key: K) =>
    (value: SegmentDraft[K]) =>
      update((before) => ({ ...before, [key]: value }));
  const setCondition = (index: number, change: Partial<CustomConditionDraft>) =>
    update((before) => ({
      ...before,
      customFields: before.customFields.map((condition, at) =>
        at === index ? { ...condition, ...change } : condition,
      ),
    }));
  return (
    <DatesProvider settings={{ locale: format.language.code, firstDayOfWeek: format.language.weekStartsOn }}>
      <Stack>
        <Text size="sm">{t('criteria.intro')}</Text>
        <Checkbox.Group
          label={t('criteria.stages')}
          value={draft.lifecycleStages}
          onChange={set('lifecycleStages')}
          error={errorAt(errors, 'lifecycleStages')}
        >
          <Group mt="xs" gap="md">
            {lifecycleStages.map((stage) => (
              <Checkbox key={stage} value={stage} label={t(`stages.${stage}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <MultiSelect
            label={t('criteria.owners')}
            placeholder={draft.ownerIds.length ? undefined : t('criteria.anyOwner')}
            data={owners.map((owner) => ({ value: owner.id, label: owner.name }))}
            value={draft.ownerIds}
            onChange={set('ownerIds')}
            searchable
            clearable
            error={errorAt(errors, 'ownerIds')}
          />
          <Select
            label={t('criteria.company')}
            placeholder={t('criteria.anyCompany')}
            data={companies.map((company) => ({ value: company.id, label: company.name }))}
            value={draft.companyId}
            onChange={set('companyId')}
            searchable
            clearable
            error={errorAt(errors, 'companyId')}
          />
          <TagsInput
            label={t('criteria.countries')}
            description={t('criteria.countriesHint')}
            value={draft.countries}
            onChange={set('countries')}
            dir="ltr"
            error={errorAt(errors, 'countries')}
          />
          <Checkbox.Group
            label={t('criteria.consent')}
            value={draft.consentStatuses}
            onChange={set('consentStatuses')}
            error={errorAt(errors, 'consentStatuses')}
          >
            <Group mt="xs" gap="md">
              {consentStatuses.map((status) => (
                <Checkbox key={status} value={status} label={t(`consent.${status}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <TagsInput
            label={t('criteria.tagsAll')}
            description={t('criteria.tagsAllHint')}
            value={draft.tagsAll}
            onChange={set('tagsAll')}
            dir="auto"
            error={errorAt(errors, 'tagsAll')}
          />
          <TagsInput
            label={t('criteria.tagsAny')}
            description={t('criteria.tagsAnyHint')}
            value={draft.tagsAny}
            onChange={set('tagsAny')}
            dir="auto"
            error={errorAt(errors, 'tagsAny')}
          />
          <Fieldset legend={t('criteria.score')}>
            <SimpleGrid cols={2}>
              <TextInput
                label={t('criteria.scoreMin')}
                value={draft.scoreMin}
                onChange={(event) => set('scoreMin')(event.currentTarget.value)}
                error={errorAt(errors, 'scoreMin')}
              />
              <TextInput
                label={t('criteria.scoreMax')}
                value={draft.scoreMax}
                onChange={(event) => set('scoreMax')(event.currentTarget.value)}
                error={errorAt(errors, 'scoreMax')}
              />
            </SimpleGrid>
          </Fieldset>
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <DayRange
            legend={t('criteria.created')}
            from={draft.createdFrom}
            to={draft.createdTo}
            onChange={({ from, to }) => update((before) => ({ ...before, createdFrom: from, createdTo: to }))}
            error={errorAt(errors, 'createdFrom') ?? errorAt(errors, 'createdTo')}
          />
          <DayRange
            legend={t('criteria.updated')}
            from={draft.updatedFrom}
            to={draft.updatedTo}
            onChange={({ from, to }) => update((before) => ({ ...before, updatedFrom: from, updatedTo: to }))}
            error={errorAt(errors, 'updatedFrom') ?? errorAt(errors, 'updatedTo')}
          />
        </SimpleGrid>
        <Fieldset legend={t('criteria.customFields')}>
          <Stack gap="xs">
            {draft.customFields.length === 0 ? <Text size="sm">{t('criteria.noCustom')}</Text> : null}
            {draft.customFields.map((condition, index) => (
              <ConditionRow
                key={condition.key}
                condition={condition}
                index={index}
                errors={errors}
                onChange={(change) => setCondition(index, change)}
                onRemove={() =>
                  update((before) => ({
                    ...before,
                    customFields: before.customFields.filter((_, at) => at !== index),
                  }))
                }
              />
            ))}
            <Group>
              <Button
                variant="default"
                onClick={() =>
                  update((before) => ({ ...before, customFields: [...before.customFields, conditionDraft()] }))
                }
              >
                {t('criteria.addCustom')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
      </Stack>
    </DatesProvider>
  );
}
