/** A five-step nurture journey with a branch and a goal, as marketing ops would write it (JSON form of the YAML). */
export const aNurtureJourney = (overrides: Record<string, unknown> = {}) => ({
  name: 'Trial nurture',
  trigger: { type: 'event', detailType: 'Campaign Enrollment Requested' },
  steps: [
    {
      id: 'welcome',
      type: 'email',
      content: {
        subject: 'Welcome, {{ contact.firstName | default: "there" }}',
        html: '<p>Hi {{ contact.firstName | default: "there" }},</p><p>Here is how to start.</p><p><a href="{{ unsubscribeUrl }}">Unsubscribe</a></p>',
        text: 'Hi {{ contact.firstName | default: "there" }}, here is how to start. Unsubscribe: {{ unsubscribeUrl }}',
      },
    },
    { id: 'two-days', type: 'wait', duration: { days: 2 } },
    {
      id: 'opened-welcome',
      type: 'branch',
      condition: { kind: 'opened', stepId: 'welcome' },
      then: 'case-study',
      else: 'reminder',
    },
    {
      id: 'reminder',
      type: 'email',
      content: {
        subject: 'Did you see this?',
        html: '<p>A reminder for {{ contact.email }}</p>',
        text: 'A reminder for {{ contact.email }}',
      },
      next: 'converted',
    },
    {
      id: 'case-study',
      type: 'email',
      variants: [
        {
          id: 'a',
          split: 50,
          subject: 'How {{ contact.companyName | default: "teams" }} save time',
          html: '<p>Case study A</p>',
          text: 'Case study A',
        },
        { id: 'b', split: 50, subject: 'A case study for you', html: '<p>Case study B</p>', text: 'Case study B' },
      ],
    },
    {
      id: 'converted',
      type: 'goal',
      condition: { kind: 'field', field: 'lifecycleStage', operator: 'in', value: ['sql', 'opportunity', 'customer'] },
    },
  ],
  ...overrides,
});
