import { ActionIcon, Badge, Box, Group, Menu, Paper, Text } from '@mantine/core';
import { IconAlertTriangle, IconPlus } from '@tabler/icons-react';
import {
  Background,
  Controls,
  Handle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeChange,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { neighboursOf, toCanvas, type CanvasModel, type CanvasNode } from './journey-canvas-model.ts';
import { stepTypes, type DraftDefinition, type StepType } from './journey-draft.ts';
import type { Place } from './journey-edits.ts';
import type { PinnedIssue } from './journey-issues.ts';
import { layoutOf } from './journey-layout.ts';
import type { LiveOverlay } from './journey-live.ts';
import type { StepSummary } from './journey-simulation.ts';
import { LiveCounters, liveNodeText, LiveTotalsLine, liveTotalsText } from './LiveStepCounters';
import { stepSummaryText, triggerSummaryText } from './step-text.ts';

interface CanvasActions {
  readOnly: boolean;
  onAdd(place: Place, type: StepType): void;
  onSelect(nodeId: string): void;
}
const Actions = createContext<CanvasActions>({ readOnly: true, onAdd: () => undefined, onSelect: () => undefined });

type NodeData = {
  node: CanvasNode;
  /** A branch's arms as laid out, left to right on the screen (dagre decides which side each takes). */
  arms: ['then' | 'else', 'then' | 'else'];
  /** A branch's arms not connected yet: their "+" is on the open arm's own node. */
  openArms: ('then' | 'else')[];
  draft: DraftDefinition;
  issues: PinnedIssue[];
  summary: StepSummary | undefined;
  /** A published version's live numbers, laid over the draft by step id. */
  live: LiveOverlay | undefined;
  label: string;
};
type JourneyNode = Node<NodeData>;

/**
 * A "+" that opens the list of step types and adds the chosen one at `place`. The menu is mounted only while
 * open: a Mantine Menu on each of 50 nodes made drawing a long journey several times slower.
 */
function AddStep({ place, label }: { place: Place; label: string }) {
  const { t } = useTranslation('campaigns');
  const { readOnly, onAdd } = useContext(Actions);
  const [opened, setOpened] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (readOnly) return null;
  const target = (
    <ActionIcon
      ref={button}
      size="sm"
      variant="filled"
      radius="xl"
      aria-label={label}
      aria-haspopup="menu"
      aria-expanded={opened}
      className="nodrag nopan"
      onClick={() => setOpened(true)}
    >
      <IconPlus size={14} aria-hidden />
    </ActionIcon>
  );
  if (!opened) return target;
  return (
    <Menu
      opened
      onChange={(open) => {
        if (open) return;
        setOpened(false);
        requestAnimationFrame(() => button.current?.focus());
      }}
      position="bottom"
      withinPortal
      returnFocus={false}
    >
      <Menu.Target>{target}</Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('canvas.addStepOf')}</Menu.Label>
        {stepTypes.map((type) => (
          <Menu.Item key={type} onClick={() => onAdd(place, type)}>
            {t(`stepType.${type}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function Problems({ issues }: { issues: PinnedIssue[] }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  if (!issues.length) return null;
  return (
    <Text size="xs" c="red.9" lineClamp={2} data-testid="node-problem">
      <IconAlertTriangle size={12} aria-hidden style={{ verticalAlign: 'middle' }} />{' '}
      {t('canvas.problems', { count: issues.length, formatted: format.number(issues.length) })}: {issues[0]?.message}
    </Text>
  );
}

function Simulated({ summary }: { summary: StepSummary | undefined }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  if (!summary) return null;
  const days =
    summary.firstDay === summary.lastDay
      ? t('canvas.day', { day: format.number(summary.firstDay) })
      : t('canvas.days', { from: format.number(summary.firstDay), to: format.number(summary.lastDay) });
  return (
    <Group gap={4} wrap="nowrap" data-testid="node-simulation">
      <Badge size="sm" variant="light" color="indigo" c="dark" tt="none">
        {t('canvas.passed', { count: summary.contacts, formatted: format.number(summary.contacts) })}
      </Badge>
      {summary.contacts ? (
        <Text size="xs" c="dimmed">
          {days}
        </Text>
      ) : null}
      {summary.left ? (
        <Badge size="sm" variant="light" color="orange" c="dark" tt="none">
          {t('canvas.left', { count: summary.left, formatted: format.number(summary.left) })}
        </Badge>
      ) : null}
    </Group>
  );
}

const boxStyle = (selected: boolean, hasIssues: boolean) => ({
  width: '100%',
  height: '100%',
  borderWidth: selected ? 3 : 1,
  borderColor: hasIssues ? 'var(--mantine-color-red-8)' : selected ? 'var(--mantine-color-indigo-8)' : undefined,
  overflow: 'hidden',
});

function TriggerNode({ data, selected }: NodeProps<JourneyNode>) {
  const { t } = useTranslation('campaigns');
  return (
    <Paper withBorder p="xs" style={boxStyle(selected, data.issues.length > 0)} bg="indigo.0">
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" fw={700} tt="uppercase">
          {t('canvas.trigger')}
        </Text>
        <AddStep place={{ after: 'trigger' }} label={t('canvas.addFirst')} />
      </Group>
      <Text size="sm" lineClamp={1} dir="auto">
        {triggerSummaryText(t, data.draft)}
      </Text>
      <Problems issues={data.issues} />
      {data.live ? <LiveTotalsLine totals={data.live.totals} version={data.live.version} /> : null}
      <Handle type="source" position={Position.Bottom} id="start" isConnectable={false} />
    </Paper>
  );
}

function StepNode({ data, selected }: NodeProps<JourneyNode>) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const { readOnly } = useContext(Actions);
  const node = data.node as Extract<CanvasNode, { kind: 'step' }>;
  const step = node.step;
  const isBranch = step.type === 'branch';
  return (
    <Paper withBorder p="xs" style={boxStyle(selected, data.issues.length > 0)}>
      <Handle type="target" position={Position.Top} isConnectable={!readOnly} />
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Text size="xs" fw={700} tt="uppercase">
          {t(`stepType.${step.type}`)}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace" truncate dir="ltr">
          {step.id}
        </Text>
      </Group>
      {/* A subject is the marketer's text (either direction); the other summaries are sentences of the UI. */}
      <Text size="sm" lineClamp={1} dir={step.type === 'email' || step.type === 'notify-owner' ? 'auto' : undefined}>
        {stepSummaryText(t, format, step)}
      </Text>
      <Problems issues={data.issues} />
      <Simulated summary={data.summary} />
      {data.live ? <LiveCounters node={data.live.nodes.get(step.id)} version={data.live.version} /> : null}
      {isBranch ? (
        <>
          {/* Physical left to right, as the layout put the arms (it is mirrored already for right to left). */}
          <Group justify="space-between" mt={2} wrap="nowrap" style={{ direction: 'ltr' }}>
            {data.arms.map((arm) =>
              data.openArms.includes(arm) ? (
                <span key={arm} />
              ) : (
                <AddStep
                  key={arm}
                  place={{ after: step.id, arm }}
                  label={t('canvas.addOnArm', { arm: t(`canvas.${arm}`), id: step.id })}
                />
              ),
            )}
          </Group>
          {data.arms.map((arm, side) => (
            <Handle
              key={arm}
              type="source"
              position={Position.Bottom}
              id={arm}
              style={{ left: side === 0 ? '25%' : '75%' }}
              isConnectable={!readOnly}
            />
          ))}
        </>
      ) : (
        <>
          <Box style={{ position: 'absolute', insetBlockEnd: 4, insetInlineEnd: 6 }}>
            <AddStep place={{ after: step.id }} label={t('canvas.addAfter', { id: step.id })} />
          </Box>
          <Handle type="source" position={Position.Bottom} id="next" isConnectable={!readOnly} />
        </>
      )}
    </Paper>
  );
}

function EndNode() {
  const { t } = useTranslation('campaigns');
  return (
    <Paper withBorder radius="xl" p={4} style={{ width: '100%', height: '100%', textAlign: 'center' }} bg="gray.1">
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <Text size="xs">{t('canvas.end')}</Text>
    </Paper>
  );
}

function OpenArmNode({ data }: NodeProps<JourneyNode>) {
  const { t } = useTranslation('campaigns');
  const node = data.node as Extract<CanvasNode, { kind: 'open-arm' }>;
  const branchId = node.branch.replace(/^step:/, '');
  return (
    <Paper
      withBorder
      p="xs"
      style={{ width: '100%', height: '100%', borderStyle: 'dashed', borderColor: 'var(--mantine-color-red-8)' }}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" c="red.9">
          {t('canvas.openArm', { arm: t(`canvas.${node.arm}`) })}
        </Text>
        <AddStep
          place={{ after: branchId, arm: node.arm }}
          label={t('canvas.addOnArm', { arm: t(`canvas.${node.arm}`), id: branchId })}
        />
      </Group>
    </Paper>
  );
}

function MissingNode({ data }: NodeProps<JourneyNode>) {
  const { t } = useTranslation('campaigns');
  const node = data.node as Extract<CanvasNode, { kind: 'missing' }>;
  return (
    <Paper
      withBorder
      p="xs"
      style={{ width: '100%', height: '100%', borderStyle: 'dashed', borderColor: 'var(--mantine-color-red-8)' }}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <Text size="xs" c="red.9">
        {t('canvas.missing', { id: node.name })}
      </Text>
    </Paper>
  );
}

const nodeTypes = { trigger: TriggerNode, step: StepNode, end: EndNode, 'open-arm': OpenArmNode, missing: MissingNode };

export interface JourneyCanvasProps {
  draft: DraftDefinition;
  issues: PinnedIssue[];
  selected: string | undefined;
  /** The simulation's numbers by step id, drawn on each node. */
  summaries: Map<string, StepSummary> | undefined;
  /**
   * A published version's live numbers, drawn on each node of the draft (and in its accessible name), marked as
   * the version's. The page gives either these or a simulation's, never both.
   */
  live: LiveOverlay | undefined;
  readOnly: boolean;
  onSelect(nodeId: string): void;
  onAdd(place: Place, type: StepType): void;
  onConnect(stepId: string, wire: 'next' | 'then' | 'else', target: string): void;
}

function nodeLabel(
  t: (key: string, options?: Record<string, unknown>) => string,
  node: CanvasNode,
  model: CanvasModel,
) {
  switch (node.kind) {
    case 'trigger':
      return t('canvas.trigger');
    case 'step':
      return t('canvas.stepLabel', { type: t(`stepType.${node.step.type}`), id: node.step.id });
    case 'end':
      return t('canvas.end');
    case 'open-arm':
      return t('canvas.openArm', { arm: t(`canvas.${node.arm}`) });
    case 'missing':
      return t('canvas.missing', { id: node.name });
  }
  return model.campaign.name;
}

/**
 * The journey drawn with React Flow: laid out by dagre (journey-layout.ts), nothing dragged or stored. A node is
 * selected by click, Enter or Space; the arrow keys move between nodes along the journey (down to the next
 * step, up to the one before, sideways between a branch's arms, mirrored right to left); each node's "+" adds
 * a step after it. Connecting a handle to a step sets that wire.
 */
export function JourneyCanvas(props: JourneyCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({
  draft,
  issues,
  selected,
  summaries,
  live,
  readOnly,
  onSelect,
  onAdd,
  onConnect,
}: JourneyCanvasProps) {
  const { t, i18n } = useTranslation('campaigns');
  const dir = i18n.dir(i18n.language);
  const container = useRef<HTMLDivElement>(null);
  const model = useMemo(() => toCanvas(draft), [draft]);
  const placed = useMemo(() => layoutOf(model, dir), [model, dir]);
  const nodes = useMemo<JourneyNode[]>(() => {
    const armsOf = (id: string): NodeData['arms'] => {
      const x = (arm: string) =>
        placed.get(model.edges.find((edge) => edge.id === `${id}->${arm}`)?.target ?? '')?.x ?? 0;
      return x('then') <= x('else') ? ['then', 'else'] : ['else', 'then'];
    };
    return model.nodes.map((node) => {
      const box = placed.get(node.id) as { x: number; y: number; width: number; height: number };
      const nodeIssues = issues.filter(
        (issue) =>
          issue.nodeId === node.id ||
          (node.kind === 'open-arm' && issue.nodeId === node.branch && issue.field === node.arm),
      );
      const summary = node.kind === 'step' ? summaries?.get(node.step.id) : undefined;
      const label = nodeLabel(t, node, model);
      const liveNode = node.kind === 'step' ? live?.nodes.get(node.step.id) : undefined;
      const described = [
        label,
        node.kind === 'step' ? stepSummaryText(t, formatless, node.step) : '',
        nodeIssues.length
          ? t('canvas.problems', { count: nodeIssues.length, formatted: String(nodeIssues.length) })
          : '',
        live && liveNode ? liveNodeText(t, formatless, liveNode, live.version) : '',
        live && node.kind === 'trigger' ? liveTotalsText(t, formatless, live.totals, live.version) : '',
      ]
        .filter(Boolean)
        .join('. ');
      return {
        id: node.id,
        type: node.kind,
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        // React Flow turns pointer events off on a node neither selectable nor draggable; an open arm's node is
        // neither, and its "+" must still take a click.
        style: { width: box.width, height: box.height, pointerEvents: 'all' as const },
        data: {
          node,
          draft,
          issues: nodeIssues,
          summary,
          live,
          label,
          arms: armsOf(node.id),
          openArms: (['then', 'else'] as const).filter((arm) =>
            model.edges.some((edge) => edge.id === `${node.id}->${arm}` && edge.target.startsWith('open:')),
          ),
        },
        selected: node.id === selected,
        selectable: node.kind === 'trigger' || node.kind === 'step',
        focusable: node.kind !== 'end',
        draggable: false,
        ariaLabel: described,
      };
    });
  }, [model, placed, issues, summaries, live, selected, draft, t]);
  const edges = useMemo<Edge[]>(
    () =>
      model.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        sourceHandle: edge.wire,
        type: 'smoothstep',
        focusable: false,
        ...(edge.wire === 'then' || edge.wire === 'else' ? { label: t(`canvas.${edge.wire}`) } : {}),
        ...(edge.target.startsWith('open:') || edge.target.startsWith('missing:')
          ? { style: { strokeDasharray: '4 4', stroke: 'var(--mantine-color-red-8)' } }
          : {}),
      })),
    [model, t],
  );
  const focusNode = (id: string | undefined) => {
    if (!id) return;
    const element = container.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
    element?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (!target.classList.contains('react-flow__node')) return;
    const id = target.dataset.id as string;
    const { next, previous } = neighboursOf(model, id);
    const sideways = (step: 1 | -1) => {
      // Siblings: the other targets of this node's first predecessor (a branch's arms), in the order drawn.
      const parent = previous[0];
      if (!parent) return undefined;
      const siblings = neighboursOf(model, parent).next.sort(
        (a, b) => (placed.get(a)?.x ?? 0) - (placed.get(b)?.x ?? 0),
      );
      // Round the ends: from the last arm to the first.
      return siblings[(siblings.indexOf(id) + step + siblings.length) % siblings.length];
    };
    const keys: Record<string, () => string | undefined> = {
      ArrowDown: () => next[0],
      ArrowUp: () => previous[0],
      ArrowRight: () => sideways(1),
      ArrowLeft: () => sideways(-1),
    };
    const move = keys[event.key];
    if (move) {
      event.preventDefault();
      focusNode(move());
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    }
  };
  const flow = useReactFlow();
  useEffect(() => {
    if (!selected) return;
    // The selected node comes into view with its neighbourhood (what leads to it, where it leads, a branch's
    // other arm), at a readable zoom, and takes the focus: when the selection or the number of nodes changes,
    // not on every redraw.
    const { next, previous } = neighboursOf(model, selected);
    const siblings = previous.flatMap((id) => neighboursOf(model, id).next);
    const around = [...new Set([selected, ...previous, ...next, ...siblings])].map((id) => ({ id }));
    void flow.fitView({ nodes: around, padding: 0.15, maxZoom: 1, minZoom: 0.4 });
    requestAnimationFrame(() => focusNode(selected));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, model.nodes.length, dir]);
  const onNodesChange = (changes: NodeChange<JourneyNode>[]) => {
    for (const change of changes) if (change.type === 'select' && change.selected) onSelect(change.id);
  };
  const connect = (connection: Connection) => {
    const source = model.nodes.find((node) => node.id === connection.source);
    const target = model.nodes.find((node) => node.id === connection.target);
    if (source?.kind !== 'step' || target?.kind !== 'step') return;
    const wire =
      connection.sourceHandle === 'then' || connection.sourceHandle === 'else' ? connection.sourceHandle : 'next';
    onConnect(source.step.id, wire, target.step.id);
  };
  return (
    <Actions.Provider value={{ readOnly, onAdd, onSelect }}>
      <Box
        ref={container}
        h="100%"
        mih={520}
        onKeyDown={onKeyDown}
        role="region"
        aria-label={t('canvas.label')}
        aria-describedby="journey-canvas-help"
        style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}
      >
        <Text id="journey-canvas-help" hidden>
          {t('canvas.help')}
        </Text>
        <ReactFlow<JourneyNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onConnect={connect}
          nodesDraggable={false}
          nodesConnectable={!readOnly}
          edgesFocusable={false}
          deleteKeyCode={null}
          fitView
          fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
          minZoom={0.2}
          proOptions={{ hideAttribution: false }}
          ariaLabelConfig={{
            'node.a11yDescription.default': t('canvas.help'),
            'node.a11yDescription.keyboardDisabled': t('canvas.help'),
            'controls.ariaLabel': t('canvas.controls'),
            'controls.zoomIn.ariaLabel': t('canvas.zoomIn'),
            'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
            'controls.fitView.ariaLabel': t('canvas.fitView'),
            'controls.interactive.ariaLabel': t('canvas.interactive'),
            'handle.ariaLabel': t('canvas.handle'),
          }}
        >
          <Background />
          <Controls showInteractive={false} position={dir === 'rtl' ? 'bottom-right' : 'bottom-left'} />
        </ReactFlow>
      </Box>
    </Actions.Provider>
  );
}

/** Numbers in the accessible name are read as digits of any script; the visible text formats them. */
const formatless = { number: (value: number) => String(value) };
