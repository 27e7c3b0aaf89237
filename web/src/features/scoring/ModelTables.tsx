import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Input,
  NativeSelect,
  SimpleGrid,
  Table,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  behaviourRuleDraft,
  cellError,
  engagementKinds,
  fitOperators,
  fitRuleDraft,
  freshRuleId,
  knownFitFields,
  type BehaviourRuleDraft,
  type FitOperator,
  type FitRuleDraft,
  type ModelDraft,
} from './model-draft';

type Errors = Record<string, string>;
type Update = (change: (draft: ModelDraft) => ModelDraft) => void;

const customPrefix = 'custom.';

function FitRow({
  rule,
  index,
  errors,
  onChange,
  onRemove,
}: {
  rule: FitRuleDraft;
  index: number;
  errors: Errors;
  onChange: (change: Partial<FitRuleDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('scoring');
  const at = `fitRules.${index}`;
  const isCustom = rule.field.startsWith(customPrefix);
  const label = (what: string) => t('fit.cell', { what, name: rule.name || rule.id || index + 1 });
  return (
    <Table.Tr>
      <Table.Td>
        <TextInput
          aria-label={label(t('fit.name'))}
          dir="auto"
          value={rule.name}
          onChange={(event) => onChange({ name: event.currentTarget.value })}
          error={cellError(errors, `${at}.name`)}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={label(t('fit.id'))}
          w={130}
          dir="ltr"
          value={rule.id}
          onChange={(event) => onChange({ id: event.currentTarget.value })}
          error={cellError(errors, `${at}.id`)}
        />
      </Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={label(t('fit.field'))}
          w={170}
          value={isCustom ? 'custom' : rule.field}
          onChange={(event) =>
            onChange({ field: event.currentTarget.value === 'custom' ? customPrefix : event.currentTarget.value })
          }
          data={[
            ...knownFitFields.map((field) => ({ value: field, label: t(`fields.${field}`) })),
            { value: 'custom', label: t('fields.custom') },
          ]}
        />
        {isCustom ? (
          <TextInput
            mt={4}
            aria-label={label(t('fit.customName'))}
            placeholder={t('fit.customName')}
            dir="ltr"
            value={rule.field.slice(customPrefix.length)}
            onChange={(event) => onChange({ field: `${customPrefix}${event.currentTarget.value}` })}
          />
        ) : null}
        {cellError(errors, `${at}.when.field`) ? (
          <Input.Error>{cellError(errors, `${at}.when.field`)}</Input.Error>
        ) : null}
      </Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={label(t('fit.operator'))}
          w={130}
          value={rule.operator}
          onChange={(event) => onChange({ operator: event.currentTarget.value as FitOperator })}
          data={fitOperators.map((operator) => ({ value: operator, label: t(`operators.${operator}`) }))}
        />
      </Table.Td>
      <Table.Td>
        {rule.operator === 'in' ? (
          <TextInput
            aria-label={label(t('fit.values'))}
            description={t('fit.valuesHint')}
            dir="auto"
            value={rule.values}
            onChange={(event) => onChange({ values: event.currentTarget.value })}
            error={cellError(errors, `${at}.when`)}
          />
        ) : rule.operator === 'range' ? (
          <Group gap={4} wrap="nowrap">
            <TextInput
              aria-label={label(t('fit.min'))}
              placeholder={t('fit.min')}
              w={80}
              dir="ltr"
              value={rule.min}
              onChange={(event) => onChange({ min: event.currentTarget.value })}
              error={cellError(errors, `${at}.when.min`) ?? cellError(errors, `${at}.when`)}
            />
            <TextInput
              aria-label={label(t('fit.max'))}
              placeholder={t('fit.max')}
              w={80}
              dir="ltr"
              value={rule.max}
              onChange={(event) => onChange({ max: event.currentTarget.value })}
              error={cellError(errors, `${at}.when.max`)}
            />
          </Group>
        ) : (
          <TextInput
            aria-label={label(t('fit.value'))}
            dir="auto"
            value={rule.value}
            onChange={(event) => onChange({ value: event.currentTarget.value })}
            error={cellError(errors, `${at}.when`)}
          />
        )}
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={label(t('fit.points'))}
          w={80}
          // A number, read left to right whatever the page's direction: "-5" would show as "5-" right to left.
          dir="ltr"
          value={rule.points}
          onChange={(event) => onChange({ points: event.currentTarget.value })}
          error={cellError(errors, `${at}.points`)}
        />
      </Table.Td>
      <Table.Td>
        <ActionIcon variant="default" aria-label={label(t('remove'))} onClick={onRemove}>
          <IconTrash size={16} />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}

function BehaviourRow({
  rule,
  index,
  errors,
  onChange,
  onRemove,
}: {
  rule: BehaviourRuleDraft;
  index: number;
  errors: Errors;
  onChange: (change: Partial<BehaviourRuleDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('scoring');
  const at = `behaviourRules.${index}`;
  const label = (what: string) => t('behaviour.cell', { what, name: rule.name || rule.id || index + 1 });
  const cell = (name: keyof BehaviourRuleDraft, what: string, path: string, width?: number) => (
    <TextInput
      aria-label={label(what)}
      {...(width ? { w: width } : {})}
      dir={name === 'name' || name === 'matchName' ? 'auto' : 'ltr'}
      value={rule[name] as string}
      onChange={(event) => onChange({ [name]: event.currentTarget.value })}
      error={cellError(errors, `${at}.${path}`)}
    />
  );
  return (
    <Table.Tr>
      <Table.Td>{cell('name', t('behaviour.name'), 'name')}</Table.Td>
      <Table.Td>{cell('id', t('behaviour.id'), 'id', 130)}</Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={label(t('behaviour.on'))}
          w={170}
          value={rule.on}
          onChange={(event) => onChange({ on: event.currentTarget.value as BehaviourRuleDraft['on'] })}
          data={engagementKinds.map((kind) => ({ value: kind, label: t(`engagements.${kind}`) }))}
        />
      </Table.Td>
      <Table.Td>
        <SimpleGrid cols={1} spacing={4}>
          <TextInput
            aria-label={label(t('behaviour.matchName'))}
            placeholder={t('behaviour.matchName')}
            dir="auto"
            value={rule.matchName}
            onChange={(event) => onChange({ matchName: event.currentTarget.value })}
            error={cellError(errors, `${at}.match.name`)}
          />
          <TextInput
            aria-label={label(t('behaviour.matchUrl'))}
            placeholder={t('behaviour.matchUrl')}
            dir="ltr"
            value={rule.matchUrl}
            onChange={(event) => onChange({ matchUrl: event.currentTarget.value })}
            error={cellError(errors, `${at}.match.urlContains`)}
          />
          <TextInput
            aria-label={label(t('behaviour.matchSource'))}
            placeholder={t('behaviour.matchSource')}
            dir="ltr"
            value={rule.matchSource}
            onChange={(event) => onChange({ matchSource: event.currentTarget.value })}
            error={cellError(errors, `${at}.match.sourceId`)}
          />
        </SimpleGrid>
      </Table.Td>
      <Table.Td>{cell('points', t('behaviour.points'), 'points', 80)}</Table.Td>
      <Table.Td>{cell('maxPoints', t('behaviour.maxPoints'), 'maxPoints', 80)}</Table.Td>
      <Table.Td>{cell('halfLifeDays', t('behaviour.halfLifeDays'), 'halfLifeDays', 80)}</Table.Td>
      <Table.Td>
        <ActionIcon variant="default" aria-label={label(t('remove'))} onClick={onRemove}>
          <IconTrash size={16} />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}

/** The fit rules, behaviour rules and thresholds as editable tables; each cell shows the API schema's error for it. */
export function ModelTables({ draft, errors, update }: { draft: ModelDraft; errors: Errors; update: Update }) {
  const { t } = useTranslation('scoring');
  const setFit = (index: number, change: Partial<FitRuleDraft>) =>
    update((d) => ({ ...d, fitRules: d.fitRules.map((rule, at) => (at === index ? { ...rule, ...change } : rule)) }));
  const setBehaviour = (index: number, change: Partial<BehaviourRuleDraft>) =>
    update((d) => ({
      ...d,
      behaviourRules: d.behaviourRules.map((rule, at) => (at === index ? { ...rule, ...change } : rule)),
    }));
  const threshold = (group: 'grades' | 'stages', name: string, label: string) => (
    <TextInput
      key={name}
      label={label}
      // A number, read left to right whatever the page's direction: "-5" would show as "5-" right to left.
      dir="ltr"
      value={(draft[group] as Record<string, string>)[name]}
      onChange={(event) => {
        const value = event.currentTarget.value;
        update((d) => ({ ...d, [group]: { ...d[group], [name]: value } }));
      }}
      error={cellError(errors, `${group}.${name}`) ?? (name === 'A' || name === 'lead' ? errors[group] : undefined)}
    />
  );
  return (
    <>
      <Fieldset legend={t('fit.title')}>
        <Table.ScrollContainer minWidth={900}>
          <Table aria-label={t('fit.title')} verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fit.name')}</Table.Th>
                <Table.Th>{t('fit.id')}</Table.Th>
                <Table.Th>{t('fit.field')}</Table.Th>
                <Table.Th>{t('fit.operator')}</Table.Th>
                <Table.Th>{t('fit.value')}</Table.Th>
                <Table.Th>{t('fit.points')}</Table.Th>
                <Table.Th>{t('actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft.fitRules.map((rule, index) => (
                <FitRow
                  key={rule.key}
                  rule={rule}
                  index={index}
                  errors={errors}
                  onChange={(change) => setFit(index, change)}
                  onRemove={() => update((d) => ({ ...d, fitRules: d.fitRules.filter((_, at) => at !== index) }))}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {errors.fitRules ? <Input.Error>{errors.fitRules}</Input.Error> : null}
        <Button
          mt="xs"
          variant="default"
          onClick={() =>
            update((d) => ({ ...d, fitRules: [...d.fitRules, { ...fitRuleDraft(), id: freshRuleId(d, 'fit') }] }))
          }
        >
          {t('fit.add')}
        </Button>
      </Fieldset>
      <Fieldset legend={t('behaviour.title')}>
        <Table.ScrollContainer minWidth={900}>
          <Table aria-label={t('behaviour.title')} verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('behaviour.name')}</Table.Th>
                <Table.Th>{t('behaviour.id')}</Table.Th>
                <Table.Th>{t('behaviour.on')}</Table.Th>
                <Table.Th>{t('behaviour.match')}</Table.Th>
                <Table.Th>{t('behaviour.points')}</Table.Th>
                <Table.Th>{t('behaviour.maxPoints')}</Table.Th>
                <Table.Th>{t('behaviour.halfLifeDays')}</Table.Th>
                <Table.Th>{t('actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft.behaviourRules.map((rule, index) => (
                <BehaviourRow
                  key={rule.key}
                  rule={rule}
                  index={index}
                  errors={errors}
                  onChange={(change) => setBehaviour(index, change)}
                  onRemove={() =>
                    update((d) => ({ ...d, behaviourRules: d.behaviourRules.filter((_, at) => at !== index) }))
                  }
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Button
          mt="xs"
          variant="default"
          onClick={() =>
            update((d) => ({
              ...d,
              behaviourRules: [...d.behaviourRules, { ...behaviourRuleDraft(), id: freshRuleId(d, 'behaviour') }],
            }))
          }
        >
          {t('behaviour.add')}
        </Button>
      </Fieldset>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Fieldset legend={t('grades.title')}>
          <SimpleGrid cols={3}>
            {threshold('grades', 'A', t('grades.A'))}
            {threshold('grades', 'B', t('grades.B'))}
            {threshold('grades', 'C', t('grades.C'))}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('stages.title')}>
          <SimpleGrid cols={3}>
            {threshold('stages', 'lead', t('stages.lead'))}
            {threshold('stages', 'mql', t('stages.mql'))}
            {threshold('stages', 'sql', t('stages.sql'))}
          </SimpleGrid>
        </Fieldset>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <TagsInput
          label={t('domains.competitors')}
          description={t('domains.competitorsHint')}
          value={draft.competitorDomains}
          onChange={(competitorDomains) => update((d) => ({ ...d, competitorDomains }))}
          error={cellError(errors, 'competitorDomains')}
          dir="ltr"
        />
        <TagsInput
          label={t('domains.free')}
          description={t('domains.freeHint')}
          value={draft.freeEmailDomains}
          onChange={(freeEmailDomains) => update((d) => ({ ...d, freeEmailDomains }))}
          error={cellError(errors, 'freeEmailDomains')}
          dir="ltr"
        />
      </SimpleGrid>
    </>
  );
}
