import { Alert, Button, Group, NativeSelect, SegmentedControl, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useLogActivity } from './api';
import {
  emptyActivityForm,
  loggableTypes,
  placeErrors,
  validateActivity,
  type ActivityFormField,
  type ActivityFormValues,
  type LoggableType,
} from './activity-form';

/** Logs a note, call, meeting or task on the contact, checked with the API's own schema before it is sent. */
export function LogActivityForm({ contactId }: { contactId: string }) {
  const { t } = useTranslation('contact-record');
  const log = useLogActivity(contactId);
  const [values, setValues] = useState<ActivityFormValues>(emptyActivityForm());
  const [errors, setErrors] = useState<Partial<Record<ActivityFormField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  // Changing an input takes its error away: what was wrong is being fixed.
  const set = <K extends ActivityFormField>(field: K, value: ActivityFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  };

  const submit = () => {
    const checked = validateActivity(values, contactId);
    if (!checked.ok) {
      setErrors(checked.fieldErrors);
      setFormErrors(checked.formErrors);
      return;
    }
    setErrors({});
    setFormErrors([]);
    log.mutate(checked.request, {
      onSuccess: () => setValues(emptyActivityForm(values.type)),
      onError: (error) => {
        if (!(error instanceof ProblemError)) return;
        const placed = placeErrors(Object.entries(error.fieldErrors()).map(([path, message]) => ({ path, message })));
        setErrors(placed.fieldErrors);
      },
    });
  };

  return (
    <form
      aria-label={t('log.title')}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
    >
      <Stack gap="xs">
        <SegmentedControl
          aria-label={t('log.type')}
          value={values.type}
          onChange={(type) => {
            set('type', type as LoggableType);
            setErrors({});
          }}
          data={loggableTypes.map((type) => ({ value: type, label: t(`activityTypes.${type}`) }))}
        />
        {log.error ? <ProblemAlert error={log.error} /> : null}
        {formErrors.length ? (
          <Alert color="red" role="alert">
            {formErrors.join(' · ')}
          </Alert>
        ) : null}
        <TextInput
          label={t('log.subject')}
          value={values.subject}
          onChange={(event) => set('subject', event.currentTarget.value)}
          error={errors.subject}
          dir="auto"
        />
        <Textarea
          label={t(values.type === 'note' ? 'log.note' : 'log.body')}
          value={values.body}
          onChange={(event) => set('body', event.currentTarget.value)}
          error={errors.body}
          autosize
          minRows={2}
          dir="auto"
        />
        <Group grow align="flex-start">
          {values.type === 'call' ? (
            <NativeSelect
              label={t('log.direction')}
              value={values.direction}
              onChange={(event) => set('direction', event.currentTarget.value as ActivityFormValues['direction'])}
              error={errors.direction}
              data={[
                { value: '', label: t('none') },
                { value: 'outbound', label: t('timeline.direction.outbound') },
                { value: 'inbound', label: t('timeline.direction.inbound') },
              ]}
            />
          ) : null}
          {values.type === 'call' || values.type === 'meeting' ? (
            <TextInput
              label={t('log.durationMinutes')}
              value={values.durationMinutes}
              onChange={(event) => set('durationMinutes', event.currentTarget.value)}
              error={errors.durationMinutes}
              inputMode="numeric"
            />
          ) : null}
          {values.type === 'task' ? (
            <TextInput
              type="datetime-local"
              label={t('log.dueAt')}
              value={values.dueAt}
              onChange={(event) => set('dueAt', event.currentTarget.value)}
              error={errors.dueAt}
            />
          ) : null}
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={log.isPending}>
            {t('log.save', { type: t(`activityTypes.${values.type}`) })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
