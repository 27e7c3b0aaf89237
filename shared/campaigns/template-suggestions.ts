import { templateVariables } from './template-context.ts';
import { templateFilterNames } from './templates.ts';

/** What an editor offers at the caret of a Liquid template, and which characters an option replaces. */
export interface TemplateSuggestions {
  kind: 'variable' | 'filter';
  /** The word being typed: `template.slice(from, to)` is what a chosen option replaces. */
  from: number;
  to: number;
  /** What may be inserted, in the order a person would look for them; a record's name ends with `.`. */
  options: string[];
}

const maxOptions = 12;
const tagKeywords = new Set([
  'if',
  'elsif',
  'unless',
  'and',
  'or',
  'contains',
  'in',
  'case',
  'when',
  'echo',
  '{{',
  '{%',
]);
const word = /[A-Za-z_][\w.]*$/;

/**
 * The variables (or, after `|`, the filters) that start with the word at `caret`, when the caret is inside an
 * output (`{{ … }}`) or a tag (`{% if … %}`, past its name); undefined anywhere else, so plain text and HTML
 * are left alone. The names are exactly those templates may use (see templateVariables, templateFilterNames).
 */
export function templateSuggestionsAt(template: string, caret: number): TemplateSuggestions | undefined {
  const before = template.slice(0, caret);
  const output = before.lastIndexOf('{{');
  const tag = before.lastIndexOf('{%');
  const open = Math.max(output, tag);
  if (open < 0) return undefined;
  const inside = before.slice(open + 2);
  if (inside.includes('}}') || inside.includes('%}')) return undefined;
  const typed = word.exec(inside)?.[0] ?? '';
  const from = caret - typed.length;
  const rest = /^[\w.]*/.exec(template.slice(caret))?.[0] ?? '';
  const lead = inside.slice(0, inside.length - typed.length).trimEnd();
  // A tag's first word is its name (if, for, assign...), not a variable.
  if (open === tag && !/\S/.test(lead.replace(/^-/, ''))) return undefined;
  const kind = lead.endsWith('|') ? 'filter' : 'variable';
  // Right after a value (`{{ contact.firstName `) comes a bar or the end, not another variable; a tag's keywords
  // (`if`, `and`, `in`...) are followed by one.
  const previous = /\S+$/.exec(lead)?.[0] ?? '';
  if (kind === 'variable' && /[\w'"\])]$/.test(previous) && !tagKeywords.has(previous)) return undefined;
  const names =
    kind === 'filter'
      ? templateFilterNames
      : templateVariables.map((variable) => (variable.kind === 'record' ? `${variable.name}.` : variable.name));
  const lower = typed.toLowerCase();
  const options = names
    .filter((name) => name.toLowerCase().startsWith(lower) && name !== typed + rest)
    .slice(0, maxOptions);
  return options.length ? { kind, from, to: caret + rest.length, options } : undefined;
}

/**
 * The template with `option` in place of the word being typed, and ` }}` after it when the output has no end yet.
 * The caret goes after a variable's ` }}` (the sentence goes on), but right after a filter's name (its arguments
 * come next) and on a record's `.` (its key comes next).
 */
export function applyTemplateSuggestion(
  template: string,
  suggestions: TemplateSuggestions,
  option: string,
): { template: string; caret: number } {
  const after = template.slice(suggestions.to);
  const nextOpen = after.search(/\{\{|\{%/);
  const upTo = nextOpen < 0 ? after : after.slice(0, nextOpen);
  const closed = upTo.includes('}}') || upTo.includes('%}');
  const inOutput = template.lastIndexOf('{{', suggestions.from) > template.lastIndexOf('{%', suggestions.from);
  const close = !closed && inOutput && !option.endsWith('.') ? ' }}' : '';
  return {
    template: `${template.slice(0, suggestions.from)}${option}${close}${after}`,
    caret: suggestions.from + option.length + (suggestions.kind === 'filter' ? 0 : close.length),
  };
}
