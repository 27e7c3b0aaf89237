import { Badge, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { slaReadingAt, type SlaTarget } from '#shared/sla/sla-countdown.rules.ts';
import type { SlaReading } from '#shared/sla/ticket-sla.rules.ts';
import { useFormat } from '../../lib/format';
import { useNow } from '../../lib/use-now';

/** Each state's colour; the text always says the state and the time, so colour is never the only sign. */
const stateColors: Record<SlaReading['state'], MantineColor> = {
  running: 'teal',
  warning: 'orange',
  // Filled, with white text: the shade that keeps WCAG AA contrast.
  breached: 'red.9',
  paused: 'gray',
  met: 'green',
  missed: 'red.9',
};

/**
 * A live countdown to an SLA target's due time, ticking every second: "First response due in 12 min 4 sec",
 * "Warning: …", "… overdue by 3 min" once breached, or the state for a paused, met or missed target. The state
 * moves on at the warning and due times the API gave, without another read.
 */
export function SlaCountdown({ target, reading }: { target: SlaTarget; reading: SlaReading }) {
  const { t } = useTranslation('tickets');
  const format = useFormat();
  const now = useNow(1000);
  const { state, msToDue } = slaReadingAt(reading, now);
  const name = t(`sla.target.${target}`);
  const text =
    msToDue === undefined
      ? t(`sla.state.${state}`, { target: name })
      : t(`sla.countdown.${state}`, { target: name, time: format.duration(msToDue) });
  return (
    <Badge
      variant={state === 'breached' || state === 'missed' ? 'filled' : 'light'}
      color={stateColors[state]}
      c={state === 'breached' || state === 'missed' ? 'white' : 'dark.8'}
      tt="none"
      miw="max-content"
      style={{ fontVariantNumeric: 'tabular-nums' }}
      data-testid="sla-countdown"
      data-state={state}
      data-target={target}
      title={reading.dueAt ? t('sla.dueAt', { when: format.dateTime(reading.dueAt) }) : undefined}
    >
      {text}
    </Badge>
  );
}
