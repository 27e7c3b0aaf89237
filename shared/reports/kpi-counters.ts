import type { SurveyResponse } from '../surveys/survey.schema.ts';

/**
 * Counter deltas for one day's KPI aggregate. Names are flat (`revenue#new_business#EUR`,
 * `campaign#<id>#spend#EUR`) so one UpdateItem ADDs them all, whether or not they exist yet.
 */
export type Counts = Record<string, number>;

/** The day (UTC) an aggregate is kept under. */
export const dayOf = (iso: string) => iso.slice(0, 10);

export function addCounts(into: Counts, counts: Counts): Counts {
  for (const [name, value] of Object.entries(counts)) into[name] = (into[name] ?? 0) + value;
  return into;
}

type CountedAnswer = Pick<SurveyResponse, 'kind' | 'score' | 'category'> & { surveyId?: string };

/**
 * One answer, or a changed one: the new answer counts in, the one it replaces counts out. Counted by kind
 * (the company's NPS, CSAT and CES) and by survey (`survey#<id>#…`, each survey's score over time).
 */
export function surveyAnswerCounts(previous: CountedAnswer | undefined, current: CountedAnswer): Counts {
  const counts: Counts = {};
  const count = (answer: CountedAnswer, sign: 1 | -1) =>
    addCounts(counts, {
      [`${answer.kind}#responses`]: sign,
      [`${answer.kind}#${answer.category}`]: sign,
      [`${answer.kind}#scoreSum`]: sign * answer.score,
      ...(answer.surveyId
        ? {
            [`survey#${answer.surveyId}#responses`]: sign,
            [`survey#${answer.surveyId}#${answer.category}`]: sign,
            [`survey#${answer.surveyId}#scoreSum`]: sign * answer.score,
          }
        : {}),
    });
  if (previous) count(previous, -1);
  count(current, 1);
  return Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0));
}

export interface WonDeal {
  amount: number;
  currency: string;
  type: string;
}

/**
 * A won deal: revenue by deal type; a renewal counts towards the renewal rate; the customer's first
 * win makes a new customer; the campaign that last mailed the contact before the win is credited.
 */
export function dealWonCounts(deal: WonDeal, facts: { newCustomer: boolean; campaignId?: string }): Counts {
  return {
    'deals#won': 1,
    [`revenue#${deal.type}#${deal.currency}`]: deal.amount,
    ...(deal.type === 'renewal' ? { 'renewals#won': 1 } : {}),
    ...(facts.newCustomer ? { 'customers#new': 1 } : {}),
    ...(facts.campaignId
      ? {
          [`campaign#${facts.campaignId}#revenue#${deal.currency}`]: deal.amount,
          [`campaign#${facts.campaignId}#deals`]: 1,
        }
      : {}),
  };
}

/** A lost deal; a lost renewal is a customer who left. */
export function dealLostCounts(deal: { type: string }): Counts {
  return { 'deals#lost': 1, ...(deal.type === 'renewal' ? { 'renewals#lost': 1, 'customers#churned': 1 } : {}) };
}

export const contactCreatedCounts = (): Counts => ({ 'contacts#created': 1 });

/** A lead received through a form (`Lead Received` from a form; bots and repeats publish none): its submissions per day. */
export const formSubmissionCounts = (formId: string): Counts => ({ [`form#${formId}#submissions`]: 1 });

/** Money spent on a campaign (ads, tools, agency): total spend for CAC, the campaign's own for its ROI. */
export const spendCounts = (campaignId: string, amount: number, currency: string): Counts => ({
  [`spend#${currency}`]: amount,
  [`campaign#${campaignId}#spend#${currency}`]: amount,
});
