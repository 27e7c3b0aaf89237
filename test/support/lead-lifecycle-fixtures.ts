import { ScoringModelInput } from '#shared/scoring/scoring-model.schema.ts';

/**
 * A scoring model like marketing ops would write: fit on title, email domain and company size;
 * behaviour on forms (capped) and pricing-page views (decaying). A VP at a business domain who
 * submits a form is an MQL; a student on free mail stays a lead.
 */
export const aScoringModel = (overrides: Partial<ScoringModelInput> = {}) =>
  ScoringModelInput.parse({
    fitRules: [
      {
        id: 'senior-title',
        name: 'Senior title',
        when: { field: 'jobTitle', operator: 'in', values: ['VP Sales', 'CEO', 'Head of Sales', 'CTO'] },
        points: 30,
      },
      {
        id: 'business-email',
        name: 'Business email',
        when: { field: 'emailDomainType', operator: 'equals', value: 'business' },
        points: 10,
      },
      {
        id: 'competitor',
        name: 'Competitor',
        when: { field: 'emailDomainType', operator: 'equals', value: 'competitor' },
        points: -100,
      },
      {
        id: 'student',
        name: 'Student',
        when: { field: 'jobTitle', operator: 'contains', value: 'student' },
        points: -20,
      },
    ],
    behaviourRules: [
      { id: 'form', name: 'Submitted a form', on: 'form_submitted', points: 15, maxPoints: 30 },
      {
        id: 'pricing',
        name: 'Viewed pricing',
        on: 'page_viewed',
        match: { name: 'pricing' },
        points: 10,
        halfLifeDays: 7,
      },
    ],
    grades: { A: 40, B: 20, C: 0 },
    stages: { lead: 10, mql: 50, sql: 90 },
    competitorDomains: ['rival.example'],
    ...overrides,
  });
