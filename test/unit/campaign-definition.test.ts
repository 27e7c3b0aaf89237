import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { simulateJourney } from '#shared/campaigns/simulation.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { renderEmail, sampleTemplateContext } from '#shared/campaigns/templates.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';

type Journey = ReturnType<typeof aNurtureJourney>;
const withSteps = (change: (steps: Journey['steps']) => void) => {
  const journey = structuredClone(aNurtureJourney());
  change(journey.steps);
  return journey;
};
const errorsOf = (input: unknown) => {
  const result = CampaignDefinition.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('campaign definitions', () => {
  it('accept a five-step journey with a wait, a branch, A/B variants and a goal, with defaults filled', () => {
    const parsed = CampaignDefinition.parse(aNurtureJourney());
    expect(parsed.steps.map((step) => step.type)).toEqual(['email', 'wait', 'branch', 'email', 'email', 'goal']);
    expect(parsed).toMatchObject({
      reEnrollment: { policy: 'never' },
      frequencyCap: { maxEmails: 3, perDays: 7 },
      sendWindow: { startHour: 9, endHour: 17 },
    });
  });

  it('accept next: null as the end of a branch arm, and refuse the steps only it led to as unreachable', () => {
    const armEnds = withSteps((steps) => {
      Object.assign(steps[3] as object, { next: null });
      steps.splice(5, 1);
    });
    expect(errorsOf(armEnds)).toEqual([]);
    expect(CampaignDefinition.parse(armEnds).steps[3]).toMatchObject({ id: 'reminder', next: null });
    expect(
      errorsOf(
        withSteps((steps) => {
          Object.assign(steps[3] as object, { next: null });
          Object.assign(steps[4] as object, { next: null });
        }),
      ),
    ).toEqual(['steps.5: step "converted" can never be reached from the first step']);
  });

  it('accept the README’s example of how a branch arm ends, which ends each arm where the README says', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('**How a journey ends.**'));
    const block = /```yaml\n([\s\S]*?)\n\s*```/.exec(section)?.[1] ?? '';
    const example: unknown = parseYaml(block.replace(/^ {2}/gm, ''));
    expect(errorsOf(example)).toEqual([]);
    const journey = CampaignDefinition.parse(example);
    const monday = new Date('2026-11-23T10:00:00.000Z');
    const path = (behaviour: { opens?: string[] }) =>
      simulateJourney(journey, [{ id: 'c', email: 'c@example.com', behaviour }], monday).map((entry) =>
        [entry.what, entry.stepId ?? entry.reason].join(' '),
      );
    expect(path({})).toEqual(['email thanks', 'email reminder', 'ended completed']);
    expect(path({ opens: ['thanks'] })).toEqual([
      'email thanks',
      'email offer',
      'update tag-engaged',
      'ended completed',
    ]);
  });

  it('name the step and the field of every mistake', () => {
    const errors = errorsOf(
      withSteps((steps) => {
        Object.assign(steps[2] as object, { then: 'nowhere' });
        Object.assign(steps[4] as object, {
          variants: [
            { id: 'a', split: 70, subject: 'A', html: 'A', text: 'A' },
            { id: 'b', split: 20, subject: 'B', html: 'B', text: 'B' },
          ],
        });
        Object.assign(steps[1] as object, { duration: { days: 0 } });
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'steps.2.then: step "opened-welcome": then names unknown step "nowhere"',
        'steps.4.variants: step "case-study": variant splits add up to 90, not 100',
        'steps.1.duration: step "two-days": a wait must last at least a minute',
      ]),
    );
  });

  it('reject templates with unknown variables, unknown filters or broken syntax, naming step, part and position', () => {
    const errors = errorsOf(
      withSteps((steps) => {
        Object.assign(steps[0] as object, {
          content: {
            subject: 'Hi {{ contact.frstName }}',
            html: '<p>{{ contact.email | shout }}</p>',
            text: 'Hi {{ contact.email ',
          },
        });
      }),
    );
    expect(errors).toEqual([
      'steps.0.content.subject: step "welcome": subject: undefined variable: contact.frstName, line:1, col:7',
      'steps.0.content.html: step "welcome": html: undefined filter: shout, line:1, col:4',
      expect.stringMatching(/^steps\.0\.content\.text: step "welcome": text: output "\{\{ contact\.email " not closed/),
    ]);
  });

  it('reject loops, unreachable steps, duplicate ids, and branches on emails not yet sent', () => {
    expect(errorsOf(withSteps((steps) => void Object.assign(steps[3] as object, { next: 'welcome' })))).toEqual([
      'steps.3.next: step "reminder": the journey loops back to "welcome"; journeys must not loop',
    ]);
    expect(errorsOf(withSteps((steps) => void Object.assign(steps[0] as object, { next: 'opened-welcome' })))).toEqual([
      'steps.1: step "two-days" can never be reached from the first step',
    ]);
    expect(errorsOf(withSteps((steps) => void Object.assign(steps[5] as object, { id: 'welcome' })))).toContain(
      'steps.5.id: step "welcome": this id is already used by step 0',
    );
    expect(
      errorsOf(
        withSteps(
          (steps) => void Object.assign(steps[2] as object, { condition: { kind: 'clicked', stepId: 'case-study' } }),
        ),
      ),
    ).toEqual([
      'steps.2.condition.stepId: step "opened-welcome": clicked must name an email step listed before this one, not "case-study"',
    ]);
  });

  it('reject an email step with both content and variants, a wait with both duration and until, and a send window that ends before it starts', () => {
    const errors = errorsOf({
      ...withSteps((steps) => {
        Object.assign(steps[4] as object, { content: { subject: 's', html: 'h', text: 't' } });
        Object.assign(steps[1] as object, { until: { weekdays: ['tue'], hour: 10 } });
      }),
      sendWindow: { days: ['mon'], startHour: 18, endHour: 9 },
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        'steps.4: step "case-study": give either content or variants, not both or neither',
        'steps.1: step "two-days": give either duration or until, not both or neither',
        'sendWindow.endHour: startHour must be before endHour',
      ]),
    );
  });
});

describe('email templates', () => {
  const content = {
    subject: 'Hi {{ contact.firstName | default: "there" }}',
    html: '<p>{{ contact.companyName }} {{ contact.customFields.plan | default: "free" }}</p>',
    text: '{{ contact.customFields.seats | default: 1 }} seats',
  };

  it('personalise with defaults, escape HTML but not text, and treat an unknown custom field as empty', () => {
    const rendered = renderEmail(content, {
      ...sampleTemplateContext,
      contact: { ...sampleTemplateContext.contact, firstName: null, companyName: '<Acme & Co>', customFields: {} },
    });
    expect(rendered).toEqual({ subject: 'Hi there', html: '<p>&lt;Acme &amp; Co&gt; free</p>', text: '1 seats' });
  });

  it('never read files or run code', () => {
    expect(() =>
      renderEmail({ subject: "{% include '/etc/hostname' %}", html: 'x', text: 'x' }, sampleTemplateContext),
    ).toThrow(/Failed to lookup/);
    expect(
      renderEmail(
        { subject: '{{ contact.email }}', html: 'x', text: '{{ "{{ 7 * 7 }}" }}' },
        { ...sampleTemplateContext, contact: { ...sampleTemplateContext.contact, email: '{{ 7 * 7 }}' } },
      ),
    ).toMatchObject({ subject: '{{ 7 * 7 }}' });
  });
});
