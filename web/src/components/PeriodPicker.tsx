import '@mantine/dates/styles.css';
import 'dayjs/locale/ar';
import 'dayjs/locale/fa';
import { Button, Group, Stack, Text } from '@mantine/core';
import { DatePickerInput, DatesProvider, type DatesRangeValue } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { noonOf, presetOf, presetRange, rangePresets, type DayRange } from '../lib/day-range';
import { useFormat } from '../lib/format';

/**
 * A report's period: a date range picker (in the reader's calendar and first weekday) with the quick periods
 * beside it as buttons, and the period chosen, in words. Screens keep the period in their URL (`?from&to`).
 */
export function PeriodPicker({ range, now, onChange }: { range: DayRange; now: Date; onChange(next: DayRange): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const chosen = presetOf(range, now);
  const onPicked = ([from, to]: DatesRangeValue<string>) => {
    if (from && to) onChange({ from: from.slice(0, 10), to: to.slice(0, 10) });
  };
  return (
    <DatesProvider settings={{ locale: format.language.code, firstDayOfWeek: format.language.weekStartsOn }}>
      <Stack gap="xs">
        <Group align="end" wrap="wrap">
          <DatePickerInput
            type="range"
            label={t('period.label')}
            value={[range.from, range.to]}
            onChange={onPicked}
            maxDate={presetRange('thisMonth', now).to}
            valueFormatter={({ date }) =>
              Array.isArray(date)
                ? date
                    .filter((day): day is string => typeof day === 'string')
                    .map((day) => format.date(noonOf(day.slice(0, 10))))
                    .join(' – ')
                : ''
            }
            presets={rangePresets.map((preset) => {
              const value = presetRange(preset, now);
              return { value: [value.from, value.to] as [string, string], label: t(`period.presets.${preset}`) };
            })}
            miw={260}
          />
          <Group gap="xs" role="group" aria-label={t('period.presetsLabel')}>
            {rangePresets.map((preset) => (
              <Button
                key={preset}
                size="sm"
                variant={chosen === preset ? 'filled' : 'default'}
                // White on the default indigo.6 fails WCAG AA contrast; indigo.8 passes.
                color="indigo.8"
                aria-pressed={chosen === preset}
                onClick={() => onChange(presetRange(preset, now))}
              >
                {t(`period.presets.${preset}`)}
              </Button>
            ))}
          </Group>
        </Group>
        <Text data-testid="report-period">
          {t('period.showing', { from: format.date(noonOf(range.from)), to: format.date(noonOf(range.to)) })}
        </Text>
      </Stack>
    </DatesProvider>
  );
}
