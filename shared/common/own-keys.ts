import { ValidationFailed } from '../errors.ts';

/**
 * Names every plain object answers to without holding them: `obj.constructor` is Object, and
 * `obj.__proto__ = v` replaces the prototype instead of adding a key. A map keyed by what users type
 * (custom fields, form fields, sources, column headers) must read only its own keys.
 */
export const builtInNames: readonly string[] = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];

/** The value stored under `key` in a map of user-supplied keys; never one inherited from Object.prototype. */
export function ownValue<T>(map: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** An empty object to collect user-supplied keys into: no prototype, so no key is special. */
export const keyedRecord = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

const protoKey = '__proto__';

/**
 * JSON.parse, refusing a `__proto__` key at any depth (400, with a JSON Pointer to it). JSON.parse
 * keeps it as an own key, but zod records, DynamoDB's unmarshalling and every `obj[key] = v` drop it
 * or turn it into a prototype: it could be neither stored faithfully nor read back. Every other name
 * is an ordinary key. Throws SyntaxError for malformed JSON, as JSON.parse does.
 */
export function parseJsonOwnKeys(text: string): unknown {
  const found: string[] = [];
  const parsed: unknown = JSON.parse(text);
  findProtoKeys(parsed, found);
  if (found.length)
    throw new ValidationFailed('A key named __proto__ cannot be stored; rename it.', [
      ...found.map((pointer) => ({ pointer, message: 'a key named __proto__ is not accepted' })),
    ]);
  return parsed;
}

interface PathStep {
  key: string;
  parent: PathStep | undefined;
}

const pointerOf = (step: PathStep | undefined): string => {
  const keys: string[] = [];
  for (let at = step; at; at = at.parent) keys.unshift(at.key.replaceAll('~', '~0').replaceAll('/', '~1'));
  return keys.map((key) => `/${key}`).join('');
};

function findProtoKeys(value: unknown, found: string[]): void {
  // Iterative, with each path kept as a link to its parent: a deeply nested body must be a 400, not a
  // stack overflow or a pointer string per level.
  const stack: [unknown, PathStep | undefined][] = [[value, undefined]];
  while (stack.length && found.length < 20) {
    const [current, path] = stack.pop() as [unknown, PathStep | undefined];
    if (typeof current !== 'object' || current === null) continue;
    for (const key of Object.keys(current)) {
      const step = { key, parent: path };
      if (key === protoKey) found.push(pointerOf(step));
      stack.push([(current as Record<string, unknown>)[key], step]);
    }
  }
}
