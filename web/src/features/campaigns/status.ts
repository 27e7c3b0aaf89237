import type { Campaign } from './api';

/** A campaign status's badge colour (dark text on the light tint passes WCAG AA for each). */
export const statusColor: Record<Campaign['status'], string> = {
  draft: 'gray',
  active: 'green',
  paused: 'yellow',
  archived: 'dark',
};
