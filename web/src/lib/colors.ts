import type React from 'react';

/** Filled buttons: white on Mantine's default indigo.6 fails WCAG AA contrast (axe: color-contrast); indigo.8 passes. */
export const filled = 'indigo.8';
/** Field errors: Mantine's default red.6 on white fails WCAG AA contrast; red.9 passes. */
export const errorColor = { '--mantine-color-error': 'var(--mantine-color-red-9)' } as React.CSSProperties;
