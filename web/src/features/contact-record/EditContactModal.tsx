import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useOwners, useUpdateContact, type RecordContact } from './api';
import {
  contactFormOf,
  lifecycleStages,
  placeContactErrors,
  validateContactEdit,
  type ContactFormField,
  type ContactFormValues,
} from './contact-form';

/** Edits the contact's fields, stage and owner with If-Match; a 412 says someone else changed it and shows it anew. */
export function EditContactModal({
  contact,
  opened,
  onClose,
}: {
  contact: RecordContact;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('contact-record');
  const owners = useOwners();
  const update = useUpdateContact(contact.id);
  const [values, setValues] = useState<ContactFormValues>(() => contactFormOf(contact));
  const [errors, setErrors] = useState<Partial<Record<ContactFormField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [stale, setStale] = useState(false);

  // Opening (and a refresh after a 412) starts from the contact as it is now.
  useEffect(() => {
    if (opened) setValues(contactFormOf(contact));
  }, [opened, contact]);

  const set = (field: ContactFormField) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  };
  const close = () => {
    setErrors({});
    setFormErrors([]);
    setStale(false);
    update.reset();
    onClose();
  };

  const submit = () => {
    setStale(false);
    const checked = validateContactEdit(contact, values);
    if (!checked.ok) {
      setErrors(checked.fieldErrors);
      setFormErrors(checked.formErrors);
      return;
    }
    setErrors({});
    setFormErrors([]);
    update.mutate(
      { patch: checked.patch, version: contact.version },
      {
        onSuccess: close,
        onError: (error) => {
          if (error instanceof ProblemError && error.status === 412) setStale(true);
          else if (error instanceof ProblemError) {
            const placed = placeContactErrors(
              Object.entries(error.fieldErrors()).map(([path, message]) => ({ path, message })),
            );
            setErrors(placed.fieldErrors);
          }
        },
      },
    );
  };

  const text = (field: Exclude<ContactFormField, 'lifecycleStage' | 'ownerId'>, extra: object = {}) => (
    <TextInput
      label={t(`fields.${field}`)}
      value={values[field]}
      onChange={(event) => set(field)(event.currentTarget.value)}
      error={errors[field]}
      dir="auto"
      {...extra}
    />
  );

  return (
    <Modal opened={opened} onClose={close} title={t('edit.title')} size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack>
          {stale ? (
            <Alert color="yellow" role="alert" title={t('edit.staleTitle')} data-testid="edit-stale">
              {t('edit.staleDetail')}
            </Alert>
          ) : null}
          {update.error && !stale ? <ProblemAlert error={update.error} /> : null}
          {formErrors.length ? (
            <Alert color="red" role="alert">
              {formErrors.join(' · ')}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text('firstName')}
            {text('lastName')}
            {text('email', { type: 'email' })}
            {text('phone', { type: 'tel' })}
            {text('jobTitle')}
            {text('companyName')}
            <NativeSelect
              label={t('fields.lifecycleStage')}
              value={values.lifecycleStage}
              onChange={(event) => set('lifecycleStage')(event.currentTarget.value)}
              error={errors.lifecycleStage}
              data={lifecycleStages.map((stage) => ({ value: stage, label: t(`stages.${stage}`) }))}
            />
            <NativeSelect
              label={t('fields.owner')}
              value={values.ownerId}
              onChange={(event) => set('ownerId')(event.currentTarget.value)}
              error={errors.ownerId}
              data={[
                { value: '', label: t('details.unowned') },
                ...(owners.data?.items ?? []).map((owner) => ({ value: owner.id, label: owner.name })),
              ]}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
