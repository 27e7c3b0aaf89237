import { describe, expect, it } from 'vitest';
import { templateVariables } from '#shared/campaigns/template-context.ts';
import { applyTemplateSuggestion, templateSuggestionsAt } from '#shared/campaigns/template-suggestions.ts';
import { renderEmail, sampleTemplateContext, templateErrors } from '#shared/campaigns/templates.ts';

/** The suggestions with the caret where `|` is written (the bar itself is not part of the template). */
const at = (withCaret: string) => {
  const caret = withCaret.indexOf('‸');
  return { template: withCaret.replace('‸', ''), caret };
};
const suggest = (withCaret: string) => {
  const { template, caret } = at(withCaret);
  return templateSuggestionsAt(template, caret);
};

describe('the variables an email template may use', () => {
  it('are every name of the template context, and each one renders for the sample contact', () => {
    expect(templateVariables.map((variable) => variable.name)).toEqual([
      'contact.firstName',
      'contact.lastName',
      'contact.email',
      'contact.jobTitle',
      'contact.companyName',
      'contact.country',
      'contact.customFields',
      'owner.name',
      'owner.email',
      'campaign.name',
      'unsubscribeUrl',
    ]);
    for (const { name, kind } of templateVariables) {
      const text = kind === 'record' ? `{{ ${name}.plan }}` : `{{ ${name} }}`;
      expect(templateErrors({ text }), name).toEqual([]);
      expect(renderEmail({ subject: '', html: '', text }, sampleTemplateContext).text, name).not.toBe('');
    }
  });
});

describe('suggestions as you type', () => {
  it('offers the variables that start with the word inside {{ }}, and none in plain text or HTML', () => {
    expect(suggest('Hi {{ contact.fi‸')).toEqual({ kind: 'variable', from: 6, to: 16, options: ['contact.firstName'] });
    expect(suggest('Hi {{ ‸ }}')?.options).toHaveLength(templateVariables.length);
    expect(suggest('Hi {{ ‸ }}')?.options).toContain('contact.customFields.');
    expect(suggest('{{ OWN‸')?.options).toEqual(['owner.name', 'owner.email']);
    expect(suggest('Hi contact.fi‸')).toBeUndefined();
    expect(suggest('<p class="contact.fi‸')).toBeUndefined();
    expect(suggest('{{ contact.firstName }} and contact.em‸')).toBeUndefined();
    expect(suggest('{{ nothing.like.this‸')).toBeUndefined();
    // After a whole value comes a bar or the end, not another variable; after a tag's keyword, a variable.
    expect(suggest('{{ contact.firstName ‸')).toBeUndefined();
    expect(suggest('{% if contact.country == "GB" and ‸')?.options).toHaveLength(templateVariables.length);
  });

  it('offers filters after a bar, variables as a filter’s argument and inside tags after their name', () => {
    expect(suggest('{{ contact.firstName | def‸')).toEqual({ kind: 'filter', from: 23, to: 26, options: ['default'] });
    expect(suggest('{{ contact.firstName | default: owner.n‸ }}')?.options).toEqual(['owner.name']);
    expect(suggest('{% if contact.co‸')?.options).toEqual(['contact.companyName', 'contact.country']);
    expect(suggest('{% i‸')).toBeUndefined();
    expect(suggest('{{ contact.firstName | nosuchfilter‸')).toBeUndefined();
  });

  it('replaces the whole word at the caret, closes an open output, and leaves a record open for its key', () => {
    const first = at('Hi {{ contact.fi‸');
    const firstSuggestions = templateSuggestionsAt(first.template, first.caret);
    expect(applyTemplateSuggestion(first.template, firstSuggestions!, 'contact.firstName')).toEqual({
      template: 'Hi {{ contact.firstName }}',
      caret: 26,
    });

    const closed = at('Hi {{ contact.em‸ail }}!');
    const closedSuggestions = templateSuggestionsAt(closed.template, closed.caret);
    expect(closedSuggestions).toBeUndefined(); // the word is already a whole name
    const partly = at('Hi {{ contact.e‸xx }}!');
    const partlySuggestions = templateSuggestionsAt(partly.template, partly.caret)!;
    expect(applyTemplateSuggestion(partly.template, partlySuggestions, 'contact.email')).toEqual({
      template: 'Hi {{ contact.email }}!',
      caret: 19,
    });

    const record = at('{{ contact.cu‸');
    const recordSuggestions = templateSuggestionsAt(record.template, record.caret)!;
    expect(applyTemplateSuggestion(record.template, recordSuggestions, 'contact.customFields.')).toEqual({
      template: '{{ contact.customFields.',
      caret: 24,
    });

    const filter = at('{{ contact.firstName | up‸');
    expect(
      applyTemplateSuggestion(filter.template, templateSuggestionsAt(filter.template, filter.caret)!, 'upcase'),
    ).toEqual({ template: '{{ contact.firstName | upcase }}', caret: 29 }); // before the }}: arguments may follow

    const inTag = at('{% if owner.n‸');
    expect(
      applyTemplateSuggestion(inTag.template, templateSuggestionsAt(inTag.template, inTag.caret)!, 'owner.name'),
    ).toEqual({ template: '{% if owner.name', caret: 16 });
  });
});

describe('template errors', () => {
  it('say where they are: the part, the line and column of the token at fault, and the reason without them', () => {
    expect(
      templateErrors({
        subject: 'Hi {{ contact.firstName }}',
        html: '<p>Hello</p>\n<p>{{ contact.fristName }}</p>',
        text: 'Hi\n\n  {{ "x" | shout }}',
      }),
    ).toEqual([
      {
        part: 'html',
        message: 'undefined variable: contact.fristName, line:2, col:7',
        reason: 'undefined variable: contact.fristName',
        line: 2,
        column: 7,
      },
      {
        part: 'text',
        message: 'undefined filter: shout, line:3, col:3',
        reason: 'undefined filter: shout',
        line: 3,
        column: 3,
      },
    ]);
    expect(templateErrors({ subject: 'Hi {{ contact.firstName' })).toEqual([
      expect.objectContaining({ part: 'subject', line: 1, column: 4, reason: expect.stringContaining('not closed') }),
    ]);
  });
});
