import { RoutingPolicyInput } from '#shared/routing/routing.schema.ts';
import { ScoringModelInput } from '#shared/scoring/scoring-model.schema.ts';

/**
 * The demo's scoring model: a senior title at a business domain who submits a form is an MQL
 * (20 + 10 + 15 = 45) and is routed at once; a free-mail subscriber stays in nurture.
 */
export const demoScoringModel = ScoringModelInput.parse({
  fitRules: [
    {
      id: 'c-level',
      name: 'C-level or founder',
      when: { field: 'jobTitle', operator: 'in', values: ['CEO', 'CTO', 'CFO', 'COO', 'CMO', 'Founder', 'Co-founder'] },
      points: 30,
    },
    {
      id: 'head-of',
      name: 'Head of a function',
      when: { field: 'jobTitle', operator: 'contains', value: 'head of' },
      points: 20,
    },
    { id: 'vp', name: 'Vice president', when: { field: 'jobTitle', operator: 'contains', value: 'vp' }, points: 20 },
    {
      id: 'business-email',
      name: 'Business email',
      when: { field: 'emailDomainType', operator: 'equals', value: 'business' },
      points: 10,
    },
    {
      id: 'free-email',
      name: 'Free email',
      when: { field: 'emailDomainType', operator: 'equals', value: 'free' },
      points: -5,
    },
    {
      id: 'competitor',
      name: 'Competitor',
      when: { field: 'emailDomainType', operator: 'equals', value: 'competitor' },
      points: -100,
    },
    {
      id: 'mid-market',
      name: 'Company of 51+ people',
      when: { field: 'companySize', operator: 'range', min: 51 },
      points: 10,
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
      maxPoints: 30,
      halfLifeDays: 14,
    },
    {
      id: 'demo-request',
      name: 'Asked for a demo',
      on: 'event_tracked',
      match: { name: 'demo-requested' },
      points: 30,
      halfLifeDays: 30,
    },
    { id: 'email-open', name: 'Opened an email', on: 'email_opened', points: 2, maxPoints: 10, halfLifeDays: 30 },
    { id: 'email-click', name: 'Clicked an email', on: 'email_clicked', points: 5, maxPoints: 20, halfLifeDays: 30 },
  ],
  grades: { A: 40, B: 25, C: 10 },
  stages: { lead: 10, mql: 45, sql: 80 },
  competitorDomains: ['rival-crm.example'],
});

/** The demo's routing: account owners first, then the one demo team by round-robin. */
export const demoRoutingPolicy = (teamId: string) =>
  RoutingPolicyInput.parse({
    accountBased: true,
    defaultTeamId: teamId,
    teamStrategies: { [teamId]: { strategy: 'round-robin' } },
  });
