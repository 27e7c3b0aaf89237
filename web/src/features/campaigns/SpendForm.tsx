import '@mantine/dates/styles.css';
import { Button, Group, Text, TextInput } from '@mantine/core';
import { DatePickerInput, DatesProvider } from '@mantine/dates';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { noonOf } from '../../lib/day-range';
import { useFormat } from '../../lib/format';
import { useFieldsForm } from '../../lib/zod-form';
import { spendRequestOf } from './campaign-results.ts';
import { useRecordSpend } from './numbers-api';

/**
 * Records money spent on the campaign (`POST /campaigns/{id}/spend`: amount, currency, the day it was spent, a
 * note), checked by the API's own schema before it is sent; the results above are read again after.
 */
export function SpendForm({ campaignId, today }: { campaignId: string; today: string }) {
  const { t, i18n } = useTranslation('campaigns');
  const format = useFormat();
  const record = useRecordSpend(campaignId);
  const form = useFieldsForm({ amount: '', currency: 'EUR', date: today, note: '' });
  const [recorded, setRecorded] = useState<string>();
  const submit = async () => {
    setRecorded(undefined);
    const checked = spendRequestOf(form.values, i18n.language);
    if (!checked.request) return form.setErrors(checked.errors);
    try {
      const saved = await record.mutateAsync(checked.request);
      setRecorded(
        t('results.recorded', {
          amount: format.money(saved.amount, saved.currency),
          date: format.date(noonOf(saved.date)),
        }),
      );
      form.set('amount', '');
      form.set('note', '');
    } catch (error) {
      if (error instanceof ProblemError) form.setErrors(error.fieldErrors());
    }
  };
  return (
    <form
      noValidate
      aria-label={t('results.recordSpend')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <DatesProvider settings={{ locale: format.language.code, firstDayOfWeek: format.language.weekStartsOn }}>
        <Group align="flex-start" wrap="wrap">
          <TextInput label={t('results.spendAmount')} inputMode="decimal" required w={140} {...form.text('amount')} />
          <TextInput
            label={t('results.spendCurrency')}
            description={t('results.spendCurrencyHint')}
            required
            maxLength={3}
            w={120}
            dir="ltr"
            {...form.text('currency')}
            onChange={(event) => form.set('currency', event.currentTarget.value.toUpperCase())}
          />
          <DatePickerInput
            label={t('results.spendDate')}
            required
            w={180}
            value={form.values.date}
            onChange={(value) => form.set('date', value ? value.slice(0, 10) : '')}
            maxDate={today}
            valueFormatter={({ date }) => (typeof date === 'string' ? format.date(noonOf(date.slice(0, 10))) : '')}
            error={form.errors.date}
          />
          <TextInput label={t('results.spendNote')} dir="auto" miw={220} {...form.text('note')} />
          <Button type="submit" mt={25} loading={record.isPending}>
            {t('results.recordSpend')}
          </Button>
        </Group>
      </DatesProvider>
      {record.error && !(record.error instanceof ProblemError && record.error.problem.errors?.length) ? (
        <ProblemAlert error={record.error} />
      ) : null}
      {recorded ? (
        <Text size="sm" role="status" mt="xs" data-testid="spend-recorded">
          {recorded}
        </Text>
      ) : null}
    </form>
  );
}
