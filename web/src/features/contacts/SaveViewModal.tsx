import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CreateSegmentRequest, type SegmentFilter } from '#shared/segments/segment.schema.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useFieldsForm, withoutBlanks, zodFieldErrors } from '../../lib/zod-form';
import { useCreateSegment, type NewSegment, type Segment } from './api';

/** Saves the list's filter as a segment: a saved view anyone can open, and marketing can mail. */
export function SaveViewModal({
  opened,
  onClose,
  filter,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  filter: SegmentFilter;
  onSaved: (segment: Segment) => void;
}) {
  const { t } = useTranslation('contacts');
  const form = useFieldsForm({ name: '', description: '' });
  const create = useCreateSegment();
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const submit = async () => {
    const segment = { ...withoutBlanks(form.values), filter };
    const errors = zodFieldErrors(CreateSegmentRequest, segment);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      const saved = await create.mutateAsync(segment as NewSegment);
      close();
      onSaved(saved);
    } catch (error) {
      if (error instanceof ProblemError) form.setErrors(error.fieldErrors());
    }
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('views.saveTitle')}
      closeButtonProps={{ 'aria-label': t('actions.close') }}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <ProblemAlert error={create.error} />
          <Text size="sm">{Object.keys(filter).length === 0 ? t('views.allContacts') : t('views.savesFilter')}</Text>
          <TextInput label={t('views.name')} required dir="auto" {...form.text('name')} />
          <TextInput label={t('views.description')} dir="auto" {...form.text('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('views.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
