import type { ContactCondition } from '#shared/campaigns/campaign-definition.schema.ts';
import type { StepBody } from './journey-canvas-model.ts';
import type { DraftDefinition } from './journey-draft.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;
type NumberFormat = { number(value: number): string };

/** A condition in words: "opened welcome", "lifecycleStage in customer, sql", "score ≥ 50". */
export function conditionText(t: Translate, condition: Partial<ContactCondition> | undefined): string {
  switch (condition?.kind) {
    case 'opened':
    case 'clicked':
      return t(`condition.${condition.kind}Text`, { id: condition.stepId ?? '' });
    case 'field': {
      const value = Array.isArray(condition.value) ? condition.value.join(', ') : String(condition.value ?? '');
      return t('condition.fieldText', { field: condition.field, operator: t(`operator.${condition.operator}`), value });
    }
    case 'score':
      return t('condition.scoreText', { min: condition.min ?? '…', max: condition.max ?? '…' });
    case 'in-segment':
      return t('condition.segmentText');
    default:
      return '';
  }
}

/** One line about a step, as its node shows it. */
export function stepSummaryText(t: Translate, format: NumberFormat, step: StepBody): string {
  switch (step.type) {
    case 'email':
      if (step.variants)
        return t('summary.variants', { count: step.variants.length, formatted: format.number(step.variants.length) });
      return step.content?.subject?.trim() ? step.content.subject : t('summary.noSubject');
    case 'wait': {
      if (step.until)
        return t('summary.until', {
          days: (step.until.weekdays ?? []).map((day) => t(`weekday.${day}`)).join(t('summary.listSeparator')),
          time: `${format.number(step.until.hour ?? 0)}:${String(step.until.minute ?? 0).padStart(2, '0')}`,
        });
      const { days = 0, hours = 0, minutes = 0 } = step.duration ?? {};
      const parts = [
        days ? t('summary.days', { count: days, formatted: format.number(days) }) : '',
        hours ? t('summary.hours', { count: hours, formatted: format.number(hours) }) : '',
        minutes ? t('summary.minutes', { count: minutes, formatted: format.number(minutes) }) : '',
      ].filter(Boolean);
      return t('summary.wait', { duration: parts.join(' ') || t('summary.noDuration') });
    }
    case 'branch':
    case 'goal':
      return conditionText(t, step.condition);
    case 'update': {
      const parts = [
        step.set.lifecycleStage ? t('summary.setStage', { stage: step.set.lifecycleStage }) : '',
        step.set.addTags?.length ? t('summary.addTags', { tags: step.set.addTags.join(', ') }) : '',
        step.set.customFields ? t('summary.setFields', { fields: Object.keys(step.set.customFields).join(', ') }) : '',
      ].filter(Boolean);
      return parts.join('; ');
    }
    case 'notify-owner':
      return step.subject?.trim() ? step.subject : t('summary.noSubject');
  }
  return '';
}

/** What enrolls contacts, in words. */
export function triggerSummaryText(t: Translate, draft: DraftDefinition): string {
  const trigger = draft.trigger;
  switch (trigger?.type) {
    case 'form':
      return t('trigger.formText');
    case 'segment':
      return t('trigger.segmentText');
    case 'event':
      return t('trigger.eventText', { event: trigger.detailType });
    case 'manual':
      return t('trigger.manualText');
    default:
      return '';
  }
}
