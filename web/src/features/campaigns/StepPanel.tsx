import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { weekdays } from '#shared/campaigns/campaign-definition.schema.ts';
import { templateErrors } from '#shared/campaigns/templates.ts';
import { ConditionFields } from './ConditionFields';
import { EmailPreviews } from './EmailPreview';
import { LiquidField } from './LiquidField';
import type { DraftDefinition, DraftStep, StepOf } from './journey-draft.ts';
import { connect, deleteStep, replaceStep } from './journey-edits.ts';

type Wired = DraftStep & { next?: string | null; then?: string; else?: string };

export interface StepPanelProps {
  draft: DraftDefinition;
  index: number;
  /** The schema's messages for this step, by field path inside it ('' = the step as a whole). */
  errors: Map<string, string[]>;
  segments: { value: string; label: string }[];
  readOnly: boolean;
  /** The saved campaign (an email is previewed and test-sent through it); absent until the journey is saved. */
  campaignId: string | undefined;
  /** The signed-in user may send test emails (marketing, admin). */
  canSendTests: boolean;
  onEdit(next: DraftDefinition): void;
  onDeleted(): void;
}

/** The selected step's fields; every change is an edit of the definition, checked by the API's schema. */
export function StepPanel({
  draft,
  index,
  errors,
  segments,
  readOnly,
  campaignId,
  canSendTests,
  onEdit,
  onDeleted,
}: StepPanelProps) {
  const { t } = useTranslation('campaigns');
  const step = draft.steps[index] as Wired;
  const errorOf = (field: string) => errors.get(field)?.join(' ');
  const change = (next: DraftStep) => onEdit(replaceStep(draft, index, next));
  const emailSteps = draft.steps
    .slice(0, index)
    .filter((each) => each.type === 'email')
    .map((each) => each.id);
  const others = draft.steps.filter((_, i) => i !== index).map((each) => each.id);
  const whole = errorOf('');
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('panel.stepTitle', { type: t(`stepType.${step.type}`) })}
      </Title>
      {whole ? (
        <Text c="red.9" size="sm" role="alert">
          {whole}
        </Text>
      ) : null}
      <StepIdField id={step.id} error={errorOf('id')} disabled={readOnly} onCommit={(id) => change({ ...step, id })} />
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="sm">
          {step.type === 'email' ? <EmailFields step={step} change={change} errorOf={errorOf} /> : null}
          {step.type === 'wait' ? <WaitFields step={step} change={change} errorOf={errorOf} /> : null}
          {step.type === 'notify-owner' ? (
            <>
              <TextInput
                label={t('panel.subject')}
                value={step.subject ?? ''}
                onChange={(event) => change({ ...step, subject: event.currentTarget.value })}
                error={errorOf('subject')}
                dir="auto"
              />
              <Textarea
                label={t('panel.noticeText')}
                value={step.text ?? ''}
                onChange={(event) => change({ ...step, text: event.currentTarget.value })}
                error={errorOf('text')}
                autosize
                minRows={3}
                dir="auto"
              />
            </>
          ) : null}
          {step.type === 'update' ? <UpdateFields step={step} change={change} errorOf={errorOf} /> : null}
          {step.type === 'branch' || step.type === 'goal' ? (
            <ConditionFields
              condition={step.condition}
              onChange={(condition) => change({ ...step, condition } as DraftStep)}
              emailSteps={emailSteps}
              segments={segments}
              errorOf={(field) => errorOf(field ? `condition.${field}` : 'condition')}
              disabled={readOnly}
            />
          ) : null}
          {step.type === 'branch' ? (
            (['then', 'else'] as const).map((arm) => (
              <Select
                key={arm}
                label={t(`panel.${arm}Arm`)}
                placeholder={t('panel.notConnected')}
                data={others}
                value={step[arm] ?? null}
                onChange={(target) => onEdit(connect(draft, step.id, arm, target))}
                error={errorOf(arm)}
                clearable
              />
            ))
          ) : (
            <Select
              label={t('panel.next')}
              data={[
                {
                  value: 'implicit',
                  label: t('panel.nextInList', { id: draft.steps[index + 1]?.id ?? t('panel.end') }),
                },
                { value: 'end', label: t('panel.endHere') },
                ...others.map((id) => ({ value: `step:${id}`, label: id })),
              ]}
              value={step.next === undefined ? 'implicit' : step.next === null ? 'end' : `step:${step.next}`}
              onChange={(choice) => {
                const next = { ...step } as Wired;
                if (choice === 'implicit') delete next.next;
                else next.next = choice === 'end' ? null : (choice ?? '').slice('step:'.length);
                change(next);
              }}
              error={errorOf('next')}
              allowDeselect={false}
            />
          )}
        </Stack>
      </fieldset>
      {step.type === 'email' ? (
        <EmailPreviews
          campaignId={campaignId}
          stepId={step.id}
          emails={
            step.variants?.map(({ id, subject, html, text }) => ({ variantId: id, subject, html, text })) ?? [
              step.content ?? {},
            ]
          }
          canSend={canSendTests}
        />
      ) : null}
      {readOnly ? null : (
        <Group>
          <Button
            color="red"
            variant="light"
            c="red.9"
            onClick={() => {
              onEdit(deleteStep(draft, step.id));
              onDeleted();
            }}
          >
            {t('panel.delete', { id: step.id })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** The id is applied when the field is left (or Enter pressed): renaming follows it through every wire. */
function StepIdField({
  id,
  error,
  disabled,
  onCommit,
}: {
  id: string;
  error: string | undefined;
  disabled: boolean;
  onCommit(id: string): void;
}) {
  const { t } = useTranslation('campaigns');
  const [value, setValue] = useState(id);
  useEffect(() => setValue(id), [id]);
  const commit = () => {
    if (value !== id) onCommit(value);
  };
  return (
    <TextInput
      label={t('panel.stepId')}
      description={t('panel.stepIdHint')}
      value={value}
      onChange={(event) => setValue(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
      error={error}
      disabled={disabled}
      dir="ltr"
    />
  );
}

type Fields<T extends DraftStep['type']> = {
  step: StepOf<T> & { next?: string | null };
  change(next: DraftStep): void;
  errorOf(field: string): string | undefined;
};

function EmailFields({ step, change, errorOf }: Fields<'email'>) {
  const { t } = useTranslation('campaigns');
  const testing = step.variants !== undefined;
  const toggle = (on: boolean) => {
    const { content, variants, ...rest } = step;
    const base = content ?? variants?.[0] ?? { subject: '', html: '', text: '' };
    const plain = { subject: base.subject, html: base.html, text: base.text };
    change(
      on
        ? {
            ...rest,
            variants: [
              { id: 'a', split: 50, ...plain },
              { id: 'b', split: 50, ...plain },
            ],
          }
        : { ...rest, content: plain },
    );
  };
  return (
    <>
      <Switch label={t('panel.abTest')} checked={testing} onChange={(event) => toggle(event.currentTarget.checked)} />
      {errorOf('variants') ? (
        <Text c="red.9" size="sm">
          {errorOf('variants')}
        </Text>
      ) : null}
      {testing ? (
        <Stack gap="md">
          {(step.variants ?? []).map((variant, v) => {
            const setVariant = (patch: Partial<typeof variant>) =>
              change({
                ...step,
                variants: (step.variants ?? []).map((each, i) => (i === v ? { ...each, ...patch } : each)),
              });
            return (
              <Stack
                key={v}
                gap={4}
                p="xs"
                style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}
              >
                <Group grow>
                  <TextInput
                    label={t('panel.variantId')}
                    value={variant.id}
                    onChange={(event) => setVariant({ id: event.currentTarget.value })}
                    error={errorOf(`variants.${v}.id`)}
                    dir="ltr"
                  />
                  <NumberInput
                    label={t('panel.split')}
                    value={variant.split}
                    onChange={(split) => setVariant({ split: typeof split === 'number' ? split : 0 })}
                    error={errorOf(`variants.${v}.split`)}
                    suffix="%"
                  />
                </Group>
                <ContentFields
                  value={variant}
                  prefix={`variants.${v}`}
                  errorOf={errorOf}
                  onChange={(patch) => setVariant(patch)}
                />
                {(step.variants?.length ?? 0) > 2 ? (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    c="red.9"
                    onClick={() => change({ ...step, variants: (step.variants ?? []).filter((_, i) => i !== v) })}
                  >
                    {t('panel.removeVariant', { id: variant.id })}
                  </Button>
                ) : null}
              </Stack>
            );
          })}
          {(step.variants?.length ?? 0) < 5 ? (
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                const variants = step.variants ?? [];
                const last = variants[variants.length - 1];
                change({
                  ...step,
                  variants: [
                    ...variants,
                    {
                      id: String.fromCharCode(97 + variants.length),
                      split: 1,
                      subject: last?.subject ?? '',
                      html: last?.html ?? '',
                      text: last?.text ?? '',
                    },
                  ],
                });
              }}
            >
              {t('panel.addVariant')}
            </Button>
          ) : null}
        </Stack>
      ) : (
        <ContentFields
          value={step.content ?? { subject: '', html: '', text: '' }}
          prefix="content"
          errorOf={errorOf}
          onChange={(patch) =>
            change({ ...step, content: { subject: '', html: '', text: '', ...step.content, ...patch } })
          }
        />
      )}
    </>
  );
}

function ContentFields({
  value,
  prefix,
  errorOf,
  onChange,
}: {
  value: { subject?: string; html?: string; text?: string };
  prefix: string;
  errorOf(field: string): string | undefined;
  onChange(patch: { subject?: string; html?: string; text?: string }): void;
}) {
  const { t } = useTranslation('campaigns');
  // Each part's template error with its line and column (the schema's message for it says the same, without them).
  const problems = useMemo(
    () => new Map(templateErrors(value).map(({ part, ...problem }) => [part, problem])),
    [value],
  );
  return (
    <>
      <LiquidField
        label={t('panel.subject')}
        value={value.subject ?? ''}
        onChange={(subject) => onChange({ subject })}
        problem={problems.get('subject')}
        error={errorOf(`${prefix}.subject`)}
      />
      <LiquidField
        label={t('panel.html')}
        value={value.html ?? ''}
        onChange={(html) => onChange({ html })}
        problem={problems.get('html')}
        error={errorOf(`${prefix}.html`)}
        multiline
        monospace
        minRows={3}
        maxRows={10}
      />
      <LiquidField
        label={t('panel.text')}
        value={value.text ?? ''}
        onChange={(text) => onChange({ text })}
        problem={problems.get('text')}
        error={errorOf(`${prefix}.text`)}
        multiline
        minRows={2}
        maxRows={8}
      />
    </>
  );
}

function WaitFields({ step, change, errorOf }: Fields<'wait'>) {
  const { t } = useTranslation('campaigns');
  const mode = step.until ? 'until' : 'duration';
  const { duration, until, ...rest } = step;
  const setDuration = (unit: 'days' | 'hours' | 'minutes', value: string | number) => {
    const next = { ...duration } as Record<string, number>;
    if (typeof value === 'number' && value !== 0) next[unit] = value;
    else delete next[unit];
    change({ ...rest, duration: next });
  };
  return (
    <>
      <SegmentedControl
        value={mode}
        onChange={(value) =>
          change(
            value === 'until' ? { ...rest, until: { weekdays: ['mon'], hour: 9 } } : { ...rest, duration: { days: 1 } },
          )
        }
        data={[
          { value: 'duration', label: t('panel.waitFor') },
          { value: 'until', label: t('panel.waitUntil') },
        ]}
      />
      {errorOf('duration') ? (
        <Text c="red.9" size="sm">
          {errorOf('duration')}
        </Text>
      ) : null}
      {mode === 'duration' ? (
        <Group grow>
          {(['days', 'hours', 'minutes'] as const).map((unit) => (
            <NumberInput
              key={unit}
              label={t(`panel.${unit}`)}
              value={duration?.[unit] ?? 0}
              min={0}
              onChange={(value) => setDuration(unit, value)}
              error={errorOf(`duration.${unit}`)}
            />
          ))}
        </Group>
      ) : (
        <>
          <Checkbox.Group
            label={t('panel.weekdays')}
            value={until?.weekdays ?? []}
            onChange={(days) =>
              change({
                ...rest,
                until: { ...until, hour: until?.hour ?? 9, weekdays: days as (typeof weekdays)[number][] },
              })
            }
            error={errorOf('until.weekdays')}
          >
            <Group gap="xs" mt={4}>
              {weekdays.map((day) => (
                <Checkbox key={day} value={day} label={t(`weekday.${day}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group grow>
            <NumberInput
              label={t('panel.hour')}
              value={until?.hour ?? 9}
              min={0}
              max={23}
              onChange={(hour) =>
                change({ ...rest, until: { weekdays: until?.weekdays ?? ['mon'], ...until, hour: Number(hour) || 0 } })
              }
              error={errorOf('until.hour')}
            />
            <NumberInput
              label={t('panel.minute')}
              value={until?.minute ?? 0}
              min={0}
              max={59}
              onChange={(minute) =>
                change({
                  ...rest,
                  until: {
                    weekdays: until?.weekdays ?? ['mon'],
                    hour: until?.hour ?? 9,
                    ...until,
                    minute: Number(minute) || 0,
                  },
                })
              }
              error={errorOf('until.minute')}
            />
          </Group>
        </>
      )}
    </>
  );
}

function UpdateFields({ step, change, errorOf }: Fields<'update'>) {
  const { t } = useTranslation('campaigns');
  const set = (patch: Record<string, unknown>) => {
    const next = { ...step.set, ...patch } as Record<string, unknown>;
    for (const [key, value] of Object.entries(next)) if (value === undefined) delete next[key];
    change({ ...step, set: next });
  };
  return (
    <>
      {errorOf('set') ? (
        <Text c="red.9" size="sm">
          {errorOf('set')}
        </Text>
      ) : null}
      <Select
        label={t('panel.lifecycleStage')}
        data={['subscriber', 'lead', 'mql', 'sql']}
        value={step.set.lifecycleStage ?? null}
        onChange={(stage) => set({ lifecycleStage: stage ?? undefined })}
        error={errorOf('set.lifecycleStage')}
        clearable
      />
      <TagsInput
        label={t('panel.addTags')}
        value={step.set.addTags ?? []}
        onChange={(tags) => set({ addTags: tags.length ? tags : undefined })}
        error={errorOf('set.addTags')}
      />
    </>
  );
}
