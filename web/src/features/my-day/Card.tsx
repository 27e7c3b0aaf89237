import { Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One section of my day: a titled card the screen reader can jump to. */
export function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}
