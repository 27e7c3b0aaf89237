import { describe, expect, it } from 'vitest';
import { holds, type ContactFacts } from '#shared/campaigns/journey.rules.ts';
import { feedbackFromSesEvent, messageKeyTag } from '#shared/campaigns/ses-feedback.ts';
import { renderEmail, sampleTemplateContext } from '#shared/campaigns/templates.ts';
import { mergeKeys } from '#shared/common/merge.ts';
import { mergeImported } from '#shared/common/merge-rule.ts';
import { builtInNames, parseJsonOwnKeys } from '#shared/common/own-keys.ts';
import { ValidationFailed } from '#shared/errors.ts';
import { mapCsvRow, suggestColumns } from '#shared/imports/csv-mapping.ts';
import { fitConditionHolds } from '#shared/scoring/fit-conditions.ts';
import { SegmentFilter } from '#shared/segments/segment.schema.ts';
import { matchesSegment } from '#shared/segments/segment.rules.ts';
import { aContact } from '../support/builders.ts';

/** Names every plain object answers to without holding them (and the one that is its prototype). */
const inherited = builtInNames.filter((name) => name !== '__proto__');
/** Those a field name (a letter first) can be. */
const nameable = inherited.filter((name) => /^[a-zA-Z]/.test(name));

describe('names that JavaScript objects already have, as map keys', () => {
  const bare = aContact({ customFields: { plan: 'growth' } });
  const holding = (name: string) => aContact({ customFields: { [name]: 'x' } });

  it('a segment custom-field filter finds only contacts that hold the field', () => {
    for (const name of nameable) {
      const exists = SegmentFilter.parse({ customFields: [{ field: name, op: 'exists' }] });
      const missing = SegmentFilter.parse({ customFields: [{ field: name, op: 'not_exists' }] });
      expect(matchesSegment(bare, exists), name).toBe(false);
      expect(matchesSegment(bare, missing), name).toBe(true);
      expect(matchesSegment(holding(name), exists), name).toBe(true);
    }
  });

  it('scoring fit rules and journey conditions read only custom fields the contact holds', () => {
    const model = { competitorDomains: [], freeEmailDomains: [] };
    const facts = (customFields: Record<string, unknown>): ContactFacts => ({
      contactId: 'c',
      lifecycleStage: 'lead',
      tags: [],
      customFields,
      consent: 'granted',
      inSegment: () => false,
      opened: () => false,
      clicked: () => false,
      recentEmailTimes: [],
    });
    for (const name of inherited) {
      const fit = { field: `custom.${name}`, operator: 'contains', value: 'native code' } as const;
      expect(fitConditionHolds(fit, { contact: bare }, model), name).toBe(false);
      const field = { kind: 'field', field: `custom.${name}`, operator: 'contains', value: 'function' } as const;
      expect(holds(field, facts({})), name).toBe(false);
      expect(holds({ ...field, value: 'x' }, facts({ [name]: 'x' })), name).toBe(true);
    }
  });

  it('a template variable named after a built-in is the field when held, else empty', () => {
    for (const name of nameable) {
      const content = { subject: `{{ contact.customFields.${name} | default: "none" }}`, html: '-', text: '-' };
      expect(renderEmail(content, sampleTemplateContext).subject, name).toBe('none');
      const held = {
        ...sampleTemplateContext,
        contact: { ...sampleTemplateContext.contact, customFields: { [name]: 'kept' } },
      };
      expect(renderEmail(content, held).subject, name).toBe('kept');
    }
  });

  it('custom fields merge and import key by key, whatever their names', () => {
    for (const name of inherited) {
      expect(mergeKeys({ plan: 'a' }, { [name]: 'x' }), name).toEqual({ plan: 'a', [name]: 'x' });
      expect(Object.keys(mergeKeys({ [name]: 'x' }, { [name]: null })), name).toEqual([]);
      const existing: { tags: string[]; customFields: Record<string, string> } = {
        tags: [],
        customFields: { plan: 'a' },
      };
      expect(mergeImported(existing, { tags: [], customFields: { [name]: 'x' } }, []), name).toEqual({
        customFields: { [name]: 'x' },
      });
    }
  });

  it('a CSV column named after a built-in is an ignored column, a custom.<built-in> column a custom field', () => {
    const now = '2026-03-01T10:00:00.000Z';
    for (const name of inherited) {
      const record = { email: 'a@example.com', [name]: 'x', [`custom.${name}`]: 'y' };
      const plan = suggestColumns(Object.keys(record), 'contacts');
      expect(plan.columns.find((column) => column.column === name)?.field, name).toBe('ignore');
      expect(mapCsvRow(record, plan, now).value, name).toEqual({
        email: 'a@example.com',
        customFields: { [name]: 'y' },
      });
    }
    const protoRecord = { email: 'a@example.com', 'custom.__proto__': 'y' };
    const protoPlan = suggestColumns(Object.keys(protoRecord), 'contacts');
    expect(protoPlan.columns.find((column) => column.column === 'custom.__proto__')?.field).toBe('ignore');
    expect(mapCsvRow(protoRecord, protoPlan, now).value).toEqual({ email: 'a@example.com' });
  });

  it('an SES event of a type SES does not send is no feedback', () => {
    for (const name of inherited)
      expect(
        feedbackFromSesEvent({ eventType: name, mail: { tags: { [messageKeyTag]: ['campaign_x_y'] } } }),
        name,
      ).toBeUndefined();
  });

  it('JSON with a __proto__ key anywhere is refused with the pointer to it; other built-in names are kept', () => {
    const error = (() => {
      try {
        parseJsonOwnKeys('{"contact":{"customFields":{"__proto__":{"admin":true}}}}');
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors).toEqual([
      { pointer: '/contact/customFields/__proto__', message: expect.stringMatching(/__proto__/) },
    ]);
    const kept = parseJsonOwnKeys(JSON.stringify({ customFields: Object.fromEntries(inherited.map((n) => [n, n])) }));
    expect(Object.keys((kept as { customFields: object }).customFields)).toEqual(inherited);
  });
});
