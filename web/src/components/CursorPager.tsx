import { Button, Group, Text } from '@mantine/core';

/**
 * Previous / Next over a cursor-paged listing (see lib/cursor-stack.ts). The feature passes its translated
 * labels, so this shared component needs no strings of its own.
 */
export function CursorPager({
  page,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
  labels,
  busy = false,
}: {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  labels: { previous: string; next: string; page: string; navigation: string };
  busy?: boolean;
}) {
  return (
    <Group component="nav" aria-label={labels.navigation} justify="space-between" mt="sm">
      <Button variant="default" onClick={onPrevious} disabled={!hasPrevious || busy}>
        {labels.previous}
      </Button>
      <Text size="sm" aria-live="polite" data-page={page}>
        {labels.page}
      </Text>
      <Button variant="default" onClick={onNext} disabled={!hasNext || busy}>
        {labels.next}
      </Button>
    </Group>
  );
}
