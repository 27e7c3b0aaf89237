import { Alert, Anchor, Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CreateContactRequest, lifecycleStages } from '#shared/contacts/contact.schema.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useFieldsForm, withoutBlanks, zodFieldErrors } from '../../lib/zod-form';
import { useCreateContact, type NewContact, type Owner } from './api';

const blank = {
  email: '',
  firstName: '',
  lastName: '',
  phone: '',
  jobTitle: '',
  companyName: '',
  country: '',
  lifecycleStage: '',
  ownerId: '',
};

/** The contact a 409 names, when the email is taken (the API's `existingContactId`). */
function existingContactOf(error: unknown): string | undefined {
  if (!(error instanceof ProblemError) || error.status !== 409) return undefined;
  const id = error.problem.existingContactId;
  return typeof id === 'string' ? id : undefined;
}

/** "New contact": checked with the API's own request schema before it is sent; the API's field errors land on their fields. */
export function NewContactModal({
  opened,
  onClose,
  owners,
}: {
  opened: boolean;
  onClose: () => void;
  owners: Owner[] | undefined;
}) {
  const { t } = useTranslation('contacts');
  const form = useFieldsForm(blank);
  const create = useCreateContact();
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const submit = async () => {
    const contact = withoutBlanks(form.values);
    const errors = zodFieldErrors(CreateContactRequest, contact);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      await create.mutateAsync(contact as NewContact);
      close();
    } catch (error) {
      if (error instanceof ProblemError) form.setErrors(error.fieldErrors());
    }
  };
  const existing = existingContactOf(create.error);
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('newContact.title')}
      closeButtonProps={{ 'aria-label': t('actions.close') }}
      size="lg"
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          {existing ? (
            <Alert color="red" title={(create.error as ProblemError).problem.title} role="alert">
              {(create.error as ProblemError).problem.detail}{' '}
              <Anchor component={Link} to={`/contacts/${existing}`}>
                {t('newContact.openExisting')}
              </Anchor>
            </Alert>
          ) : (
            <ProblemAlert error={create.error} />
          )}
          <TextInput label={t('fields.email')} required type="email" dir="auto" {...form.text('email')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.firstName')} dir="auto" {...form.text('firstName')} />
            <TextInput label={t('fields.lastName')} dir="auto" {...form.text('lastName')} />
            <TextInput label={t('fields.phone')} dir="auto" {...form.text('phone')} />
            <TextInput label={t('fields.jobTitle')} dir="auto" {...form.text('jobTitle')} />
            <TextInput label={t('fields.companyName')} dir="auto" {...form.text('companyName')} />
            <TextInput label={t('fields.country')} description={t('fields.countryHint')} {...form.text('country')} />
            <Select
              label={t('fields.stage')}
              placeholder={t(`stages.subscriber`)}
              data={lifecycleStages.map((stage) => ({ value: stage, label: t(`stages.${stage}`) }))}
              value={form.values.lifecycleStage || null}
              onChange={(value) => form.set('lifecycleStage', value ?? '')}
              error={form.errors.lifecycleStage}
              clearable
            />
            <Select
              label={t('fields.owner')}
              placeholder={t('table.unowned')}
              data={(owners ?? []).map((owner) => ({ value: owner.id, label: owner.name }))}
              value={form.values.ownerId || null}
              onChange={(value) => form.set('ownerId', value ?? '')}
              error={form.errors.ownerId}
              clearable
              searchable
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('newContact.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
