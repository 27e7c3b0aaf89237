import type { TimelineItem } from './timeline.ts';

export interface SurveyAnswer {
  id: string;
  /** nps, csat or ces, from the answer's subject ("NPS 9 (promoter)"). */
  kind?: string;
  score?: number;
  category?: string;
  comment?: string;
  at: string;
}

/** The survey answers among timeline entries (each answer is one entry; a changed answer edits it). */
export function surveyAnswersOf(items: readonly TimelineItem[]): SurveyAnswer[] {
  return items
    .filter((item) => item.kind === 'activity' && item.activityType === 'survey_answer')
    .map((item) => {
      if (item.kind !== 'activity') throw new Error('unreachable');
      const kind = /^(NPS|CSAT|CES)\b/i.exec(item.subject ?? '')?.[1]?.toLowerCase();
      const { score, category } = item.details;
      return {
        id: item.id,
        ...(kind ? { kind } : {}),
        ...(typeof score === 'number' ? { score } : {}),
        ...(typeof category === 'string' ? { category } : {}),
        ...(item.body ? { comment: item.body } : {}),
        at: item.occurredAt,
      };
    });
}
