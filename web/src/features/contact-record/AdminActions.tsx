import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useEraseContact, useExportPersonalData, type RecordContact } from './api';

/** Admins: export everything held about the contact (a JSON file), or erase it after a clear confirmation. */
export function AdminActions({ contact }: { contact: RecordContact }) {
  const { t } = useTranslation('contact-record');
  const navigate = useNavigate();
  const exporting = useExportPersonalData(contact.id);
  const erasing = useEraseContact(contact.id);
  const [confirming, { open, close }] = useDisclosure(false);
  const [typed, setTyped] = useState('');
  const email = contact.emailDisplay ?? contact.email;
  return (
    <Stack gap="xs" align="flex-end">
      <Group gap="xs">
        <Button variant="default" onClick={() => exporting.mutate()} loading={exporting.isPending}>
          {t('admin.export')}
        </Button>
        <Button color="red" variant="light" onClick={open}>
          {t('admin.erase')}
        </Button>
      </Group>
      {exporting.error ? <ProblemAlert error={exporting.error} /> : null}
      <Modal
        opened={confirming}
        onClose={() => {
          setTyped('');
          erasing.reset();
          close();
        }}
        title={t('admin.eraseTitle')}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (typed.trim() !== email) return;
            erasing.mutate(undefined, { onSuccess: () => void navigate('/contacts', { replace: true }) });
          }}
        >
          <Stack>
            <Alert color="red" title={t('admin.eraseWarningTitle')}>
              {t('admin.eraseWarning')}
            </Alert>
            <Text size="sm">{t('admin.eraseConfirmHint')}</Text>
            <Text size="sm" fw={700} dir="auto">
              {email}
            </Text>
            <TextInput
              label={t('admin.eraseConfirmLabel')}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              dir="auto"
              autoComplete="off"
            />
            {erasing.error ? <ProblemAlert error={erasing.error} /> : null}
            <Group justify="flex-end">
              <Button color="red" type="submit" disabled={typed.trim() !== email} loading={erasing.isPending}>
                {t('admin.eraseConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
