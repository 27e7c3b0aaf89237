import { Checkbox, Group, NumberInput, Select, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CampaignDefinitionShape, exitReasons, weekdays } from '#shared/campaigns/campaign-definition.schema.ts';
import { enrollingEventTypes } from '#shared/campaigns/campaign-triggers.rules.ts';
import { ConditionFields } from './ConditionFields';
import type { DraftDefinition } from './journey-draft.ts';
import { replaceCampaignFields } from './journey-edits.ts';

const eventTypes = [...enrollingEventTypes, 'Campaign Enrollment Requested'] as const;
type Fields = Omit<DraftDefinition, 'steps'>;
/** What the API fills in for a field that is not written: the panel shows it, and writes it only when changed. */
const defaults = {
  exitWhen: CampaignDefinitionShape.shape.exitWhen.parse(undefined),
  reEnrollment: CampaignDefinitionShape.shape.reEnrollment.parse(undefined),
  sendWindow: CampaignDefinitionShape.shape.sendWindow.parse(undefined),
  frequencyCap: CampaignDefinitionShape.shape.frequencyCap.parse(undefined),
};

/** The journey's own settings (the trigger node's panel): trigger, goal, exits, re-enrollment, send window, cap. */
export function SettingsPanel({
  draft,
  errors,
  forms,
  segments,
  readOnly,
  onEdit,
}: {
  draft: DraftDefinition;
  errors: Map<string, string[]>;
  forms: { value: string; label: string }[];
  segments: { value: string; label: string }[];
  readOnly: boolean;
  onEdit(next: DraftDefinition): void;
}) {
  const { t } = useTranslation('campaigns');
  const { steps: _steps, ...fields } = draft;
  const errorOf = (field: string) => errors.get(field)?.join(' ');
  const set = (patch: Partial<Fields>) => {
    const next = { ...fields, ...patch } as Record<string, unknown>;
    for (const [key, value] of Object.entries(next)) if (value === undefined) delete next[key];
    onEdit(replaceCampaignFields(draft, next as Fields));
  };
  const trigger = fields.trigger ?? { type: 'manual' };
  const sendWindow = { ...defaults.sendWindow, ...fields.sendWindow };
  const reEnrollment = { ...defaults.reEnrollment, ...fields.reEnrollment };
  const frequencyCap = { ...defaults.frequencyCap, ...fields.frequencyCap };
  const stepsError = errorOf('steps');
  return (
    <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('settings.title')}
        </Title>
        {stepsError ? (
          <Text c="red.9" size="sm" role="alert">
            {stepsError}
          </Text>
        ) : null}
        <Textarea
          label={t('settings.description')}
          value={fields.description ?? ''}
          onChange={(event) => set({ description: event.currentTarget.value || undefined })}
          error={errorOf('description')}
          autosize
          minRows={2}
          dir="auto"
        />
        <Select
          label={t('settings.trigger')}
          data={(['form', 'segment', 'event', 'manual'] as const).map((type) => ({
            value: type,
            label: t(`trigger.${type}`),
          }))}
          value={trigger.type}
          onChange={(type) => {
            if (type === 'form') set({ trigger: { type, formId: forms[0]?.value ?? '' } });
            else if (type === 'segment') set({ trigger: { type, segmentId: segments[0]?.value ?? '' } });
            else if (type === 'event') set({ trigger: { type, detailType: 'Campaign Enrollment Requested' } });
            else set({ trigger: { type: 'manual' } });
          }}
          error={errorOf('trigger.type') ?? errorOf('trigger')}
          allowDeselect={false}
        />
        {trigger.type === 'form' ? (
          <Select
            label={t('settings.form')}
            data={forms}
            value={trigger.formId || null}
            onChange={(formId) => set({ trigger: { type: 'form', formId: formId ?? '' } })}
            error={errorOf('trigger.formId')}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('settings.noForms')}
          />
        ) : null}
        {trigger.type === 'segment' ? (
          <Select
            label={t('settings.segment')}
            data={segments}
            value={trigger.segmentId || null}
            onChange={(segmentId) => set({ trigger: { type: 'segment', segmentId: segmentId ?? '' } })}
            error={errorOf('trigger.segmentId')}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('settings.noSegments')}
          />
        ) : null}
        {trigger.type === 'event' ? (
          <Select
            label={t('settings.event')}
            data={[...eventTypes]}
            value={trigger.detailType}
            onChange={(detailType) =>
              set({ trigger: { ...trigger, detailType: (detailType ?? eventTypes[0]) as (typeof eventTypes)[number] } })
            }
            error={errorOf('trigger.detailType')}
            allowDeselect={false}
          />
        ) : null}
        <Switch
          label={t('settings.goal')}
          checked={fields.goal !== undefined}
          onChange={(event) =>
            set({
              goal: event.currentTarget.checked
                ? { kind: 'field', field: 'lifecycleStage', operator: 'in', value: ['customer'] }
                : undefined,
            })
          }
        />
        {fields.goal ? (
          <ConditionFields
            condition={fields.goal}
            onChange={(goal) => set({ goal: goal as Fields['goal'] })}
            emailSteps={[]}
            segments={segments}
            errorOf={(field) => errorOf(field ? `goal.${field}` : 'goal')}
            aboutContactOnly
            disabled={readOnly}
          />
        ) : null}
        <Checkbox.Group
          label={t('settings.exitWhen')}
          description={t('settings.exitWhenHint')}
          value={fields.exitWhen ?? defaults.exitWhen}
          onChange={(reasons) => set({ exitWhen: reasons as Fields['exitWhen'] })}
          error={errorOf('exitWhen')}
        >
          <Group gap="xs" mt={4}>
            {exitReasons.map((reason) => (
              <Checkbox key={reason} value={reason} label={t(`exit.${reason}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group grow align="flex-start">
          <Select
            label={t('settings.reEnrollment')}
            data={[
              { value: 'never', label: t('settings.never') },
              { value: 'after-exit', label: t('settings.afterExit') },
            ]}
            value={reEnrollment.policy}
            onChange={(policy) =>
              set({ reEnrollment: { ...fields.reEnrollment, policy: policy as 'never' | 'after-exit' } })
            }
            error={errorOf('reEnrollment.policy')}
            allowDeselect={false}
          />
          <NumberInput
            label={t('settings.minDaysBetween')}
            value={reEnrollment.minDaysBetween}
            min={0}
            onChange={(days) =>
              set({
                reEnrollment: {
                  policy: reEnrollment.policy,
                  ...fields.reEnrollment,
                  minDaysBetween: Number(days) || 0,
                },
              })
            }
            error={errorOf('reEnrollment.minDaysBetween')}
          />
        </Group>
        <Checkbox.Group
          label={t('settings.sendWindow')}
          value={sendWindow.days}
          onChange={(days) =>
            set({ sendWindow: { ...sendWindow, ...fields.sendWindow, days: days as typeof sendWindow.days } })
          }
          error={errorOf('sendWindow.days')}
        >
          <Group gap="xs" mt={4}>
            {weekdays.map((day) => (
              <Checkbox key={day} value={day} label={t(`weekday.${day}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group grow align="flex-start">
          <NumberInput
            label={t('settings.startHour')}
            value={sendWindow.startHour}
            min={0}
            max={23}
            onChange={(hour) =>
              set({ sendWindow: { ...sendWindow, ...fields.sendWindow, startHour: Number(hour) || 0 } })
            }
            error={errorOf('sendWindow.startHour')}
          />
          <NumberInput
            label={t('settings.endHour')}
            value={sendWindow.endHour}
            min={1}
            max={24}
            onChange={(hour) =>
              set({ sendWindow: { ...sendWindow, ...fields.sendWindow, endHour: Number(hour) || 0 } })
            }
            error={errorOf('sendWindow.endHour')}
          />
        </Group>
        <Select
          label={t('settings.timeZone')}
          data={['UTC', ...Intl.supportedValuesOf('timeZone')]}
          value={sendWindow.timeZone}
          onChange={(timeZone) =>
            set({ sendWindow: { ...sendWindow, ...fields.sendWindow, timeZone: timeZone ?? 'UTC' } })
          }
          error={errorOf('sendWindow.timeZone')}
          searchable
          allowDeselect={false}
        />
        <Group grow align="flex-start">
          <NumberInput
            label={t('settings.maxEmails')}
            value={frequencyCap.maxEmails}
            min={1}
            onChange={(maxEmails) => set({ frequencyCap: { ...frequencyCap, maxEmails: Number(maxEmails) || 0 } })}
            error={errorOf('frequencyCap.maxEmails')}
          />
          <NumberInput
            label={t('settings.perDays')}
            value={frequencyCap.perDays}
            min={1}
            onChange={(perDays) => set({ frequencyCap: { ...frequencyCap, perDays: Number(perDays) || 0 } })}
            error={errorOf('frequencyCap.perDays')}
          />
        </Group>
      </Stack>
    </fieldset>
  );
}
