import { Anchor, Combobox, Group, Text, TextInput, Textarea, useCombobox } from '@mantine/core';
import { useLayoutEffect, useRef, useState, type ChangeEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  applyTemplateSuggestion,
  templateSuggestionsAt,
  type TemplateSuggestions,
} from '#shared/campaigns/template-suggestions.ts';
import type { TemplateError } from '#shared/campaigns/templates.ts';

type FieldElement = HTMLInputElement & HTMLTextAreaElement;

export interface LiquidFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** A one-line field (the subject) or a multi-line one (HTML, text). */
  multiline?: boolean;
  /** The template error of this part, with the line and column the engine names. */
  problem?: Omit<TemplateError, 'part'>;
  /** Any other message about the field (the API schema's). */
  error?: string;
  monospace?: boolean;
  minRows?: number;
  maxRows?: number;
  readOnly?: boolean;
}

/** The offset of a 1-based line and column in `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  const before = lines.slice(0, line - 1).reduce((sum, each) => sum + each.length + 1, 0);
  return Math.min(text.length, before + Math.max(0, column - 1));
}

/**
 * A Liquid template field that offers the variables (and, after `|`, the filters) as you type inside `{{ }}` or
 * `{% %}`: arrow keys choose, Enter or a click inserts. A template error shows its line and column, and a button
 * puts the caret on the token at fault.
 */
export function LiquidField({
  label,
  value,
  onChange,
  multiline,
  problem,
  error,
  monospace,
  minRows,
  maxRows,
  readOnly,
}: LiquidFieldProps) {
  const { t } = useTranslation('campaigns');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const field = useRef<FieldElement>(null);
  const caretAfterChange = useRef<number | undefined>(undefined);
  const [suggestions, setSuggestions] = useState<TemplateSuggestions>();

  const look = (element: FieldElement) => {
    const found = readOnly ? undefined : templateSuggestionsAt(element.value, element.selectionStart ?? 0);
    setSuggestions(found);
    if (found) {
      combobox.openDropdown();
      // The first option is chosen, so Enter inserts it; the list keeps its place while one is typed.
      requestAnimationFrame(() => combobox.selectFirstOption());
    } else combobox.closeDropdown();
  };

  // Where the caret goes once an inserted name is in the value (the value comes back through the draft).
  useLayoutEffect(() => {
    const caret = caretAfterChange.current;
    if (caret === undefined || !field.current) return;
    caretAfterChange.current = undefined;
    field.current.focus();
    field.current.setSelectionRange(caret, caret);
  }, [value]);

  const goToProblem = () => {
    if (!problem?.line || !field.current) return;
    const start = offsetOf(value, problem.line, problem.column ?? 1);
    const token = /^[^\s}%|]*/.exec(value.slice(start))?.[0] ?? '';
    field.current.focus();
    field.current.setSelectionRange(start, start + token.length);
  };

  const message = problem ? (
    <Group gap={6} component="span" wrap="wrap">
      <Text component="span" size="xs" data-testid="template-error">
        {problem.line
          ? t('email.errorAt', { line: problem.line, column: problem.column ?? 1, reason: problem.reason })
          : problem.reason}
      </Text>
      {problem.line ? (
        <Anchor component="button" type="button" size="xs" c="red.9" onClick={goToProblem}>
          {t('email.goToError', { line: problem.line, column: problem.column ?? 1 })}
        </Anchor>
      ) : null}
    </Group>
  ) : (
    error
  );

  const common = {
    ref: field,
    label,
    value,
    error: message,
    readOnly,
    dir: 'auto' as const,
    spellCheck: false,
    ...(monospace ? { ff: 'monospace' } : {}),
    onChange: (event: ChangeEvent<FieldElement>) => {
      onChange(event.currentTarget.value);
      look(event.currentTarget);
    },
    onClick: (event: MouseEvent<FieldElement>) => look(event.currentTarget),
    onKeyUp: (event: KeyboardEvent<FieldElement>) => {
      if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) look(event.currentTarget);
    },
    onBlur: () => combobox.closeDropdown(),
  };

  return (
    <Combobox
      store={combobox}
      position="bottom-start"
      onOptionSubmit={(option) => {
        const element = field.current;
        const at = suggestions ?? (element ? templateSuggestionsAt(value, element.selectionStart ?? 0) : undefined);
        combobox.closeDropdown();
        setSuggestions(undefined);
        if (!at) return;
        const next = applyTemplateSuggestion(value, at, option);
        caretAfterChange.current = next.caret;
        onChange(next.template);
      }}
    >
      {/* Arrow keys choose a suggestion only while some are shown; otherwise they move the caret. */}
      <Combobox.Target withKeyboardNavigation={Boolean(suggestions)}>
        {multiline ? (
          <Textarea {...common} autosize minRows={minRows ?? 3} maxRows={maxRows ?? 10} />
        ) : (
          <TextInput {...common} />
        )}
      </Combobox.Target>
      <Combobox.Dropdown hidden={!suggestions}>
        <Combobox.Header>
          <Text size="xs" c="dimmed">
            {suggestions?.kind === 'filter' ? t('email.filters') : t('email.variables')}
          </Text>
        </Combobox.Header>
        <Combobox.Options aria-label={t('email.suggestionsFor', { field: label })}>
          {(suggestions?.options ?? []).map((option) => (
            <Combobox.Option value={option} key={option} dir="ltr">
              {option}
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
