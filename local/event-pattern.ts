import type { EventPattern } from '#workflows/workflow.ts';

/**
 * Whether an EventBridge-shaped event matches a pattern, for the subset of the pattern language
 * our rules use: lists of exact values, `{ exists: bool }`, and nesting. Same semantics as
 * EventBridge for that subset (a value list matches if any entry matches; arrays in the event
 * match if any element matches).
 */
export function matchesPattern(event: Record<string, unknown>, pattern: EventPattern): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = event[field];
    if (!Array.isArray(expected)) {
      return typeof actual === 'object' && actual !== null && !Array.isArray(actual)
        ? matchesPattern(actual as Record<string, unknown>, expected)
        : false;
    }
    return expected.some((condition) => {
      if (typeof condition === 'object') return condition.exists === (actual !== undefined);
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((value) => value === condition);
    });
  });
}
