import { parseNumberText, toAsciiDigits } from '../common/numbers.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import type { FitCondition, FitField, ScoringModel } from './scoring-model.schema.ts';
import { ownValue } from '../common/own-keys.ts';

/** What fit rules can see of a lead: the contact and, when linked, its company. */
export interface ScoringSubject {
  contact: Pick<Contact, 'email' | 'jobTitle' | 'country' | 'lifecycleStage' | 'tags' | 'customFields'>;
  company?: { size?: string; industry?: string };
}

type DomainLists = Pick<ScoringModel, 'competitorDomains' | 'freeEmailDomains'>;
type Scalar = string | number | boolean;

/** Free-mail providers every model knows; a model's `freeEmailDomains` adds to these. */
export const builtInFreeEmailDomains: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
];

const normalise = (value: string) => value.trim().toLowerCase();
const emailDomainOf = (email: string) => normalise(email.slice(email.lastIndexOf('@') + 1));

/** Classifies an email's domain; a competitor's domain (or any subdomain of it) wins over a free-mail domain. */
export function emailDomainType(email: string, model: DomainLists): 'free' | 'business' | 'competitor' {
  const domain = emailDomainOf(email);
  const isCompetitor = model.competitorDomains
    .map(normalise)
    .some((rival) => rival !== '' && (domain === rival || domain.endsWith(`.${rival}`)));
  if (isCompetitor) return 'competitor';
  const isFree = builtInFreeEmailDomains.includes(domain) || model.freeEmailDomains.map(normalise).includes(domain);
  return isFree ? 'free' : 'business';
}

/** True when any of the field's values (tags have several) satisfies the condition; a missing value never does. */
export function fitConditionHolds(condition: FitCondition, subject: ScoringSubject, model: DomainLists): boolean {
  return fitFieldValues(condition.field, subject, model).some((value) => valueSatisfies(condition, value));
}

/** The field's values for the subject (tags have several), blanks left out: what fit rules and learned models read. */
export function fitFieldValues(field: FitField, subject: ScoringSubject, model: DomainLists): Scalar[] {
  const raw = readField(field, subject, model);
  const values: Scalar[] = raw === undefined || raw === null ? [] : typeof raw === 'object' ? [...raw] : [raw];
  return values.filter((value) => typeof value !== 'string' || value.trim() !== '');
}

function readField(
  field: FitField,
  { contact, company }: ScoringSubject,
  model: DomainLists,
): Scalar | readonly string[] | null | undefined {
  switch (field) {
    case 'jobTitle':
      return contact.jobTitle;
    case 'country':
      return contact.country;
    case 'lifecycleStage':
      return contact.lifecycleStage;
    case 'tags':
      return contact.tags;
    case 'emailDomain':
      return emailDomainOf(contact.email);
    case 'emailDomainType':
      return emailDomainOf(contact.email) === '' ? undefined : emailDomainType(contact.email, model);
    case 'companySize':
      return company?.size;
    case 'companyIndustry':
      return company?.industry;
    default:
      return field.startsWith('custom.') ? ownValue(contact.customFields, field.slice('custom.'.length)) : undefined;
  }
}

function valueSatisfies(condition: FitCondition, value: Scalar): boolean {
  switch (condition.operator) {
    case 'equals':
      return equalsValue(value, condition.value);
    case 'contains':
      return text(value).includes(text(condition.value));
    case 'in':
      return condition.values.some((expected) => equalsValue(value, expected));
    case 'range': {
      // A company size such as '51-200' is ranged by its lower bound.
      const number = condition.field === 'companySize' ? lowerBound(value) : toNumber(value);
      return (
        number !== undefined &&
        (condition.min === undefined || number >= condition.min) &&
        (condition.max === undefined || number <= condition.max)
      );
    }
  }
}

const text = (value: Scalar) => normalise(String(value));

/** Compares as the expected value's type: '42' equals 42, 'TRUE' equals true, text ignoring case. */
function equalsValue(actual: Scalar, expected: Scalar): boolean {
  if (typeof expected === 'number') return toNumber(actual) === expected;
  if (typeof expected === 'boolean') return toBoolean(actual) === expected;
  return text(actual) === text(expected);
}

function toNumber(value: Scalar): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? parseNumberText(value) : undefined;
}

function toBoolean(value: Scalar): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' && ['true', 'false'].includes(text(value)) ? text(value) === 'true' : undefined;
}

function lowerBound(value: Scalar): number | undefined {
  if (typeof value === 'number') return value;
  const digits = typeof value === 'string' ? /^\s*(\d+)/.exec(toAsciiDigits(value))?.[1] : undefined;
  return digits === undefined ? undefined : Number(digits);
}
