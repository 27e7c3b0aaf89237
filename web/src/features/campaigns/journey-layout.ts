import { Graph, layout } from '@dagrejs/dagre';
import type { CanvasModel, CanvasNode } from './journey-canvas-model.ts';

/** Each kind of node's box, fixed so the layout needs no measuring (and a 50-step journey lays out at once). */
export const nodeSizes: Record<CanvasNode['kind'], { width: number; height: number }> = {
  trigger: { width: 260, height: 96 },
  step: { width: 260, height: 112 },
  end: { width: 96, height: 36 },
  'open-arm': { width: 220, height: 64 },
  missing: { width: 220, height: 64 },
};

export interface Placed {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where each node goes: top to bottom in the order of the journey, a branch's arms side by side (dagre's
 * layered layout). Right to left mirrors it, so a branch's first arm is on the reader's first side. Positions
 * are the top-left corners React Flow takes; they are derived here, never stored in the definition.
 */
export function layoutOf(model: CanvasModel, direction: 'ltr' | 'rtl' = 'ltr'): Map<string, Placed> {
  const graph = new Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 64, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of model.nodes) graph.setNode(node.id, { ...nodeSizes[node.kind] });
  for (const edge of model.edges) graph.setEdge(edge.source, edge.target);
  layout(graph);
  const placed = new Map<string, Placed>();
  for (const node of model.nodes) {
    const { x, y, width, height } = graph.node(node.id) as { x: number; y: number; width: number; height: number };
    placed.set(node.id, { x: direction === 'rtl' ? -x - width / 2 : x - width / 2, y: y - height / 2, width, height });
  }
  return placed;
}
