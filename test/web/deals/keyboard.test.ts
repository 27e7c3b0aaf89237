import type { SensorContext } from '@dnd-kit/core';
import { describe, expect, it } from 'vitest';
import { byColumn } from '../../../web/src/features/deals/keyboard.ts';

/** Three columns 200 px wide side by side, and a 180 px card in the middle one. */
const rect = (left: number, width: number) => ({
  left,
  width,
  top: 100,
  height: 400,
  right: left + width,
  bottom: 500,
});
const context = {
  collisionRect: rect(210, 180),
  droppableRects: new Map([
    ['lead-in', rect(0, 200)],
    ['qualified', rect(200, 200)],
    ['won', rect(400, 200)],
  ]),
} as unknown as SensorContext;

function press(code: string, collisionRect = context.collisionRect) {
  let prevented = false;
  const event = { code, preventDefault: () => (prevented = true) };
  const to = byColumn(event, {
    active: 'deal',
    currentCoordinates: { x: 210, y: 150 },
    context: { ...context, collisionRect },
  });
  return { to, prevented };
}

describe('moving a picked-up card from the keyboard', () => {
  it('jumps to the centre of the next column on screen, keeping its height', () => {
    expect(press('ArrowRight')).toEqual({ to: { x: 410, y: 150 }, prevented: true });
    expect(press('ArrowLeft')).toEqual({ to: { x: 10, y: 150 }, prevented: true });
  });

  it('stays put past the last column, and leaves other keys to dnd-kit', () => {
    expect(press('ArrowRight', rect(410, 180)).to).toBeUndefined();
    expect(press('ArrowDown')).toEqual({ to: undefined, prevented: false });
  });
});
