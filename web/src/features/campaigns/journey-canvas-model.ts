import type { DraftDefinition, DraftStep } from './journey-draft.ts';

/** A step as the canvas holds it: everything but its wiring (`next`, a branch's arms), which are the edges. */
export type StepBody = DraftStep extends infer Step
  ? Step extends unknown
    ? Omit<Step, 'next' | 'then' | 'else'>
    : never
  : never;
type Wire = 'start' | 'next' | 'then' | 'else';

export type CanvasNode =
  | { id: 'trigger'; kind: 'trigger' }
  | { id: string; kind: 'step'; index: number; step: StepBody }
  /** Where a path ends: after a step whose `next` is null, or after the last step. */
  | { id: string; kind: 'end' }
  /** A branch arm not connected to any step yet. */
  | { id: string; kind: 'open-arm'; branch: string; arm: 'then' | 'else' }
  /** A step that a wire names but that does not exist (a typo in the YAML, a step deleted elsewhere). */
  | { id: string; kind: 'missing'; name: string };

export interface CanvasEdge {
  id: string;
  source: string;
  target: string;
  wire: Wire;
  /** How the definition says it: no `next` (the following step, or the end after the last), `next: <id>`, `next: null`. */
  written: 'implicit' | 'explicit' | 'end';
}

export interface CanvasModel {
  /** The campaign's own fields (name, trigger, goal, exits, send window...): the trigger node's panel edits them. */
  campaign: Omit<DraftDefinition, 'steps'>;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** Each step's node id, by index: `step:<id>`, and `step:<id>:<index>` for a repeated id (the schema pins that). */
export function stepNodeIds(steps: readonly { id: string }[]): string[] {
  const seen = new Set<string>();
  return steps.map((step, index) => {
    const id = seen.has(step.id) ? `step:${step.id}:${index}` : `step:${step.id}`;
    seen.add(step.id);
    return id;
  });
}

/**
 * The canvas of a journey: the trigger, a node per step, and an edge per wire, each edge saying how the
 * definition writes it. Nothing is dropped or added, so `fromCanvas(toCanvas(d))` is `d` (the property test
 * says so for any definition); positions are not here (journey-layout.ts derives them), never stored.
 */
export function toCanvas(draft: DraftDefinition): CanvasModel {
  const { steps, ...campaign } = draft;
  const ids = stepNodeIds(steps);
  const nodeOfStep = new Map<string, string>();
  steps.forEach((step, index) => {
    if (!nodeOfStep.has(step.id)) nodeOfStep.set(step.id, ids[index] as string);
  });
  const nodes: CanvasNode[] = [{ id: 'trigger', kind: 'trigger' }];
  const edges: CanvasEdge[] = [];
  const extra: CanvasNode[] = [];
  const targetOf = (name: string) => {
    const node = nodeOfStep.get(name);
    if (node) return node;
    const id = `missing:${name}`;
    if (!extra.some((each) => each.id === id)) extra.push({ id, kind: 'missing', name });
    return id;
  };
  const edge = (source: string, wire: Wire, target: string, written: CanvasEdge['written']) =>
    edges.push({ id: `${source}->${wire}`, source, target, wire, written });
  if (steps[0]) edge('trigger', 'start', ids[0] as string, 'implicit');
  steps.forEach((step, index) => {
    const id = ids[index] as string;
    const {
      next,
      then,
      else: otherwise,
      ...body
    } = step as DraftStep & { next?: string | null; then?: string; else?: string };
    nodes.push({ id, kind: 'step', index, step: body });
    if (step.type === 'branch') {
      for (const [arm, target] of [
        ['then', then],
        ['else', otherwise],
      ] as const) {
        if (target === undefined) {
          const open = `open:${id}:${arm}`;
          extra.push({ id: open, kind: 'open-arm', branch: id, arm });
          edge(id, arm, open, 'implicit');
        } else edge(id, arm, targetOf(target), 'explicit');
      }
      return;
    }
    const following = ids[index + 1];
    if (next === undefined && following) edge(id, 'next', following, 'implicit');
    else if (typeof next === 'string') edge(id, 'next', targetOf(next), 'explicit');
    else {
      const end = `end:${id}`;
      extra.push({ id: end, kind: 'end' });
      edge(id, 'next', end, next === null ? 'end' : 'implicit');
    }
  });
  return { campaign, nodes: [...nodes, ...extra], edges };
}

/** The definition a canvas draws: the inverse of toCanvas. */
export function fromCanvas(model: CanvasModel): DraftDefinition {
  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  const nameOf = (nodeId: string): string | undefined => {
    const node = byId.get(nodeId);
    if (node?.kind === 'step') return node.step.id;
    if (node?.kind === 'missing') return node.name;
    return undefined;
  };
  const stepNodes = model.nodes
    .filter((node): node is Extract<CanvasNode, { kind: 'step' }> => node.kind === 'step')
    .sort((a, b) => a.index - b.index);
  const steps = stepNodes.map((node): DraftStep => {
    const wiring: { next?: string | null; then?: string; else?: string } = {};
    for (const edge of model.edges.filter((each) => each.source === node.id)) {
      if (edge.wire === 'next') {
        if (edge.written === 'end') wiring.next = null;
        else if (edge.written === 'explicit') wiring.next = nameOf(edge.target) as string;
      } else if (edge.wire === 'then' || edge.wire === 'else') {
        const target = nameOf(edge.target);
        if (target !== undefined) wiring[edge.wire] = target;
      }
    }
    return { ...node.step, ...wiring } as DraftStep;
  });
  return { ...model.campaign, steps };
}

/** The steps a node leads to and comes from, for moving between nodes from the keyboard. */
export function neighboursOf(model: CanvasModel, nodeId: string): { next: string[]; previous: string[] } {
  return {
    next: model.edges.filter((edge) => edge.source === nodeId).map((edge) => edge.target),
    previous: model.edges.filter((edge) => edge.target === nodeId).map((edge) => edge.source),
  };
}
