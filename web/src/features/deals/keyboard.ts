import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

/** What the getter reads of the key press (a DOM KeyboardEvent in the browser). */
interface KeyPress {
  code: string;
  preventDefault(): void;
}

/** The keyboard moves a picked-up card one column at a time (the nearest column left or right of it on screen). */
export function byColumn(
  event: KeyPress,
  { context, currentCoordinates }: Parameters<KeyboardCoordinateGetter>[1],
): { x: number; y: number } | undefined {
  const direction = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  const rect = context.collisionRect;
  if (!direction || !rect) return undefined;
  event.preventDefault();
  const center = rect.left + rect.width / 2;
  let best: { distance: number; center: number } | undefined;
  for (const column of context.droppableRects.values()) {
    const columnCenter = column.left + column.width / 2;
    const distance = (columnCenter - center) * direction;
    if (distance > 1 && (!best || distance < best.distance)) best = { distance, center: columnCenter };
  }
  if (!best) return undefined;
  return { x: currentCoordinates.x + (best.center - center), y: currentCoordinates.y };
}
