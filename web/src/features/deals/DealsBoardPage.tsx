import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
} from '@dnd-kit/core';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Alert, Anchor, Button, Group, Menu, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { IconGripVertical } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useBoard, useMoveDeal, useOwners, usePipelines, type Board, type BoardDeal } from './api';
import { asksForReason, dealCountOf, findCard, type StageLike } from './board-model';
import { byColumn } from './keyboard';
import { ReasonModal } from './ReasonModal';

type Column = Board['columns'][number];

/** The column under the pointer, or (from the keyboard) the one nearest the card. */
const columnUnder: CollisionDetection = (args) => {
  const within = args.pointerCoordinates ? pointerWithin(args) : [];
  return within.length ? within : closestCenter(args);
};

export function DealsBoardPage() {
  const { t } = useTranslation('deals');
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const pipelineId = params.get('pipeline') ?? pipelines.data?.[0]?.id;
  const board = useBoard(pipelineId);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="end">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Group align="end">
          {pipelines.data && pipelines.data.length > 0 ? (
            <NativeSelect
              label={t('board.pipeline')}
              data={pipelines.data.map((pipeline) => ({ value: pipeline.id, label: pipeline.name }))}
              value={pipelineId}
              onChange={(event) => setParams({ pipeline: event.currentTarget.value })}
            />
          ) : null}
          <Anchor c="indigo.8" component={Link} to="/deals/list">
            {t('board.listView')}
          </Anchor>
        </Group>
      </Group>
      <ProblemAlert error={pipelines.error ?? board.error} />
      {pipelines.isPending || (pipelineId && board.isPending) ? <PageLoader /> : null}
      {pipelines.data && pipelines.data.length === 0 ? <Text>{t('board.noPipelines')}</Text> : null}
      {board.data && pipelineId ? <PipelineBoard board={board.data} pipelineId={pipelineId} /> : null}
    </Stack>
  );
}

function PipelineBoard({ board, pipelineId }: { board: Board; pipelineId: string }) {
  const { t } = useTranslation('deals');
  const move = useMoveDeal(pipelineId);
  const owners = useOwners();
  const [closing, setClosing] = useState<{ deal: BoardDeal; stage: StageLike } | undefined>();
  const [conflict, setConflict] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const ownerNames = useMemo(() => new Map((owners.data ?? []).map((owner) => [owner.id, owner.name])), [owners.data]);
  const sensors = useSensors(
    // Past 6 px a press becomes a drag, so a click on the card's controls stays a click.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: byColumn }),
  );

  const nameOf = (dealId: string | number) => findCard(board, String(dealId))?.deal.name ?? '';
  const stageNameOf = (stageId: string | number | undefined) =>
    board.columns.find((column) => column.stage.id === stageId)?.stage.name;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('dnd.start', { name: nameOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over
        ? t('dnd.over', { name: nameOf(active.id), stage: stageNameOf(over.id) })
        : t('dnd.notOver', { name: nameOf(active.id) }),
    onDragEnd: ({ active, over }) =>
      over
        ? t('dnd.end', { name: nameOf(active.id), stage: stageNameOf(over.id) })
        : t('dnd.endNowhere', { name: nameOf(active.id) }),
    onDragCancel: ({ active }) => t('dnd.cancel', { name: nameOf(active.id) }),
  };

  async function send(deal: BoardDeal, stage: StageLike, reason?: string): Promise<void> {
    setConflict(undefined);
    setFailure(undefined);
    try {
      await move.mutateAsync({ deal, move: { stageId: stage.id, ...(reason ? { reason } : {}) } });
    } catch (error) {
      if (error instanceof ProblemError && error.status === 412) setConflict(deal.name);
      else throw error;
    }
  }

  /** Won and lost ask why first; other stages move at once. */
  function requestMove(deal: BoardDeal, stage: StageLike) {
    if (stage.id === deal.stageId) return;
    if (asksForReason(stage)) setClosing({ deal, stage });
    else void send(deal, stage).catch(setFailure);
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    const found = findCard(board, String(active.id));
    const stage = board.columns.find((column) => column.stage.id === over?.id)?.stage;
    if (found && stage) requestMove(found.deal, stage);
  }

  return (
    <Stack gap="sm">
      {conflict ? (
        <Alert
          color="yellow"
          role="alert"
          title={t('conflict.title')}
          withCloseButton
          closeButtonLabel={t('conflict.dismiss')}
          onClose={() => setConflict(undefined)}
        >
          {t('conflict.detail', { name: conflict })}
        </Alert>
      ) : null}
      <ProblemAlert error={failure} />
      <DndContext
        sensors={sensors}
        collisionDetection={columnUnder}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('dnd.instructions') } }}
      >
        <Group align="stretch" gap="xs" wrap="nowrap" style={{ overflowX: 'auto' }} pb="xs">
          {board.columns.map((column) => (
            <StageColumn
              key={column.stage.id}
              column={column}
              pipelineId={pipelineId}
              stages={board.columns.map((each) => each.stage)}
              ownerNames={ownerNames}
              onMove={requestMove}
            />
          ))}
        </Group>
      </DndContext>
      <ReasonModal
        closing={closing}
        onClose={() => setClosing(undefined)}
        onConfirm={async (reason) => {
          if (!closing) return;
          await send(closing.deal, closing.stage, reason);
          setClosing(undefined);
        }}
      />
    </Stack>
  );
}

function StageColumn({
  column,
  pipelineId,
  stages,
  ownerNames,
  onMove,
}: {
  column: Column;
  pipelineId: string;
  stages: StageLike[];
  ownerNames: Map<string, string>;
  onMove: (deal: BoardDeal, stage: StageLike) => void;
}) {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const { setNodeRef, isOver } = useDroppable({ id: column.stage.id });
  const headingId = `stage-${column.stage.id}`;
  const count = dealCountOf(column.totals);
  return (
    <Paper
      ref={setNodeRef}
      component="section"
      aria-labelledby={headingId}
      data-testid={`column-${column.stage.id}`}
      withBorder
      p="xs"
      bg={isOver ? 'indigo.0' : 'gray.0'}
      style={{ flex: '1 1 0', minWidth: 160 }}
    >
      <Stack gap={4} mb="xs">
        <Title order={2} size="h5" id={headingId}>
          {column.stage.name}
        </Title>
        <Text size="xs" c="dimmed">
          {t('column.probability', { percent: format.percent(column.stage.probability) })} ·{' '}
          {t('column.count', { count, formatted: format.number(count) })}
        </Text>
        <div data-testid={`column-totals-${column.stage.id}`}>
          {column.totals.map((total) => (
            <Text size="xs" key={total.currency}>
              <span data-testid="total">
                {t('column.total', { amount: format.money(total.amount, total.currency) })}
              </span>
              {' · '}
              <span data-testid="weighted">
                {t('column.weighted', { amount: format.money(total.weighted, total.currency) })}
              </span>
            </Text>
          ))}
        </div>
      </Stack>
      <Stack gap="xs">
        {column.deals.map((deal) => (
          <DealCard
            key={deal.id}
            deal={deal}
            stages={stages}
            ownerName={ownerNames.get(deal.ownerId ?? '')}
            onMove={onMove}
          />
        ))}
        {column.deals.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('column.empty')}
          </Text>
        ) : null}
        {column.nextCursor ? (
          <Anchor
            component={Link}
            size="sm"
            to={`/deals/list?filter=stage&pipelineId=${pipelineId}&stageId=${column.stage.id}`}
          >
            {t('column.more')}
          </Anchor>
        ) : null}
      </Stack>
    </Paper>
  );
}

function DealCard({
  deal,
  stages,
  ownerName,
  onMove,
}: {
  deal: BoardDeal;
  stages: StageLike[];
  ownerName: string | undefined;
  onMove: (deal: BoardDeal, stage: StageLike) => void;
}) {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const me = useMe();
  // The API lets admins move any deal and a sales rep only their own (shared/auth/policy.ts).
  const mayMove = me.mayChange(['admin', 'sales'], [deal.ownerId]);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, isDragging } = useDraggable({
    id: deal.id,
    disabled: !mayMove,
  });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      shadow={isDragging ? 'md' : undefined}
      p="xs"
      data-testid="deal-card"
      data-deal-id={deal.id}
      style={{
        transform: CSS.Translate.toString(transform),
        zIndex: isDragging ? 10 : undefined,
        position: 'relative',
      }}
    >
      <Group gap={4} wrap="nowrap" align="start">
        {mayMove ? (
          <ActionIcon
            ref={setActivatorNodeRef}
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t('card.drag', { name: deal.name })}
            {...attributes}
            {...listeners}
            style={{ cursor: 'grab', touchAction: 'none' }}
          >
            <IconGripVertical size={16} aria-hidden />
          </ActionIcon>
        ) : null}
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Anchor
            component={Link}
            to={`/deals/${deal.id}`}
            size="sm"
            fw={600}
            c="inherit"
            dir="auto"
            style={{ overflowWrap: 'anywhere' }}
          >
            {deal.name}
          </Anchor>
          <Text size="sm" data-testid="amount">
            {format.money(deal.amount, deal.currency)}
          </Text>
          {ownerName ? (
            <Text size="xs" c="dimmed" dir="auto">
              {ownerName}
            </Text>
          ) : null}
          {deal.closeDate ? (
            <Text size="xs" c="dimmed">
              {t('card.closes', { date: format.date(deal.closeDate) })}
            </Text>
          ) : null}
          {deal.closeReason ? (
            <Text size="xs" c="dimmed" dir="auto">
              {deal.closeReason}
            </Text>
          ) : null}
          {mayMove ? (
            <Menu position="bottom-start" withinPortal>
              <Menu.Target>
                <Button variant="subtle" size="compact-xs" aria-label={t('card.moveMenu', { name: deal.name })}>
                  {t('card.moveTo')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {stages
                  .filter((stage) => stage.id !== deal.stageId)
                  .map((stage) => (
                    <Menu.Item key={stage.id} onClick={() => onMove(deal, stage)}>
                      {stage.name}
                    </Menu.Item>
                  ))}
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Stack>
      </Group>
    </Paper>
  );
}
