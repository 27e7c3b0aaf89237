import { Badge, Text, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat, type Formatters } from '../lib/format';

type Priority = 'low' | 'normal' | 'high' | 'urgent';
type StatusKind = 'new' | 'open' | 'waiting' | 'resolved' | 'closed';

/** The colour of each priority and status kind; the badge always says it in words too, never by colour alone. */
const priorityColors: Record<Priority, MantineColor> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
const statusKindColors: Record<StatusKind, MantineColor> = {
  new: 'cyan',
  open: 'indigo',
  waiting: 'yellow',
  resolved: 'teal',
  closed: 'gray',
};

/** A ticket's number as people say and write it, `#1042`, in the reader's digits (no grouping: it is a name). */
export const ticketNumberText = (number: number, format: Pick<Formatters, 'number'>): string =>
  `#${format.number(number, { useGrouping: false })}`;

/** `#1042`, kept left to right in a right-to-left line, as it is written in subjects (`[#1042]`). */
export function TicketNumber({ number, ...props }: { number: number } & React.ComponentProps<typeof Text<'span'>>) {
  const format = useFormat();
  return (
    <Text span dir="ltr" {...props}>
      {ticketNumberText(number, format)}
    </Text>
  );
}

/** The status name in the reader's language (a status the console has no words for shows the pipeline's name). */
export function useTicketStatusName(): (status: { id: string; name?: string | undefined }) => string {
  const { t } = useTranslation();
  return (status) => t(`tickets.status.${status.id}`, { defaultValue: status.name ?? status.id });
}

/** The priority in words; `named` says "High priority" where no column header says what it is. */
export function TicketPriorityBadge({
  priority,
  named = false,
  testId,
}: {
  priority: Priority;
  named?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const word = t(`tickets.priority.${priority}`);
  return (
    <Badge variant="light" color={priorityColors[priority]} c="dark.8" miw="max-content" data-testid={testId}>
      {named ? t('tickets.priorityNamed', { priority: word }) : word}
    </Badge>
  );
}

export function TicketStatusBadge({
  status,
  testId,
}: {
  status: { id: string; kind: StatusKind; name?: string | undefined };
  testId?: string;
}) {
  const statusName = useTicketStatusName();
  return (
    <Badge variant="light" color={statusKindColors[status.kind]} c="dark.8" miw="max-content" data-testid={testId}>
      {statusName(status)}
    </Badge>
  );
}
