import { useCallback, useMemo, useState } from 'react';
import { asDraft, undrawableReason, type DraftDefinition } from './journey-draft.ts';
import { parseYaml, writeInto, yamlOf, type JourneyYaml } from './journey-yaml.ts';

export interface JourneyEditor {
  /** The definition as written now: what the canvas draws and Save sends. */
  draft: DraftDefinition;
  /** The YAML view's text: the draft's, or what the marketer is typing when it cannot be drawn yet. */
  yamlText: string;
  /** Why the YAML view's text is not drawn (a syntax error with its line, or a shape no canvas can draw). */
  yamlProblem: { message: string; line?: number } | undefined;
  /** Whether the draft differs from the one last saved. */
  dirty: boolean;
  edit(next: DraftDefinition): void;
  editYaml(text: string): void;
  /** Starts again from a definition (as loaded or saved), optionally from its YAML as written. */
  reset(draft: DraftDefinition, text?: string): void;
  markSaved(): void;
}

interface State {
  yaml: JourneyYaml;
  draft: DraftDefinition;
  yamlText: string;
  yamlProblem: JourneyEditor['yamlProblem'];
  saved: string;
}

function start(draft: DraftDefinition, text?: string): State {
  const parsed = text === undefined ? undefined : parseYaml(text);
  const yaml = parsed && !parsed.error ? { document: parsed.document, text: text as string } : yamlOf(draft);
  return { yaml, draft, yamlText: yaml.text, yamlProblem: undefined, saved: JSON.stringify(draft) };
}

/**
 * The journey builder's state: one definition, two views. A canvas edit is written into the YAML Document (so
 * comments and layout stay); a YAML edit that parses and can be drawn becomes the definition; one that cannot
 * stays in the text, with its problem, until it can.
 */
export function useJourneyEditor(initial: DraftDefinition, initialText?: string): JourneyEditor {
  const [state, setState] = useState<State>(() => start(initial, initialText));
  const edit = useCallback(
    (next: DraftDefinition) =>
      setState((current) => {
        const yaml = writeInto(current.yaml, next);
        return { ...current, yaml, draft: next, yamlText: yaml.text, yamlProblem: undefined };
      }),
    [],
  );
  const editYaml = useCallback(
    (text: string) =>
      setState((current) => {
        const parsed = parseYaml(text);
        if (parsed.error) return { ...current, yamlText: text, yamlProblem: parsed.error };
        const reason = undrawableReason(parsed.value);
        if (reason) return { ...current, yamlText: text, yamlProblem: { message: reason } };
        return {
          ...current,
          yaml: { document: parsed.document, text },
          draft: asDraft(parsed.value as Record<string, unknown>),
          yamlText: text,
          yamlProblem: undefined,
        };
      }),
    [],
  );
  const reset = useCallback((draft: DraftDefinition, text?: string) => setState(start(draft, text)), []);
  const markSaved = useCallback(
    () => setState((current) => ({ ...current, saved: JSON.stringify(current.draft) })),
    [],
  );
  const dirty = useMemo(() => JSON.stringify(state.draft) !== state.saved, [state.draft, state.saved]);
  return {
    draft: state.draft,
    yamlText: state.yamlText,
    yamlProblem: state.yamlProblem,
    dirty,
    edit,
    editYaml,
    reset,
    markSaved,
  };
}
