import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCompany, useOwners, type RecordContact } from './api';
import { EditContactModal } from './EditContactModal';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** Who the contact is: email, phone, company, stage and owner, with the edit control for whoever may edit. */
export function ContactDetails({ contact, mayEdit }: { contact: RecordContact; mayEdit: boolean }) {
  const { t } = useTranslation('contact-record');
  const [editing, { open, close }] = useDisclosure(false);
  const company = useCompany(contact.companyId);
  const owners = useOwners();
  const owner = owners.data?.items.find((item) => item.id === contact.ownerId);
  const none = t('none');
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="contact-details-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="contact-details-title">
          {t('details.title')}
        </Title>
        {mayEdit ? (
          <Button size="xs" variant="light" onClick={open} data-testid="edit-contact">
            {t('details.edit')}
          </Button>
        ) : null}
      </Group>
      <Stack gap="xs">
        <Field label={t('fields.email')}>
          <Anchor href={`mailto:${contact.email}`} dir="auto" data-testid="contact-email">
            {contact.emailDisplay ?? contact.email}
          </Anchor>
        </Field>
        <Field label={t('fields.phone')}>
          {contact.phone ? (
            <Anchor href={`tel:${contact.phoneE164 ?? contact.phone}`} dir="ltr">
              {contact.phone}
            </Anchor>
          ) : (
            none
          )}
        </Field>
        <Field label={t('fields.company')}>
          {contact.companyId ? (
            <Anchor component={Link} to={`/companies/${contact.companyId}`} dir="auto">
              {company.data?.name ?? contact.companyName ?? t('details.companyLink')}
            </Anchor>
          ) : (
            <span dir="auto">{contact.companyName ?? none}</span>
          )}
        </Field>
        <Field label={t('fields.lifecycleStage')}>{t(`stages.${contact.lifecycleStage}`)}</Field>
        <Field label={t('fields.owner')}>
          <span dir="auto" data-testid="contact-owner">
            {contact.ownerId ? (owner?.name ?? contact.ownerId) : t('details.unowned')}
          </span>
        </Field>
        {contact.country ? <Field label={t('fields.country')}>{contact.country}</Field> : null}
        {contact.tags.length ? <Field label={t('fields.tags')}>{contact.tags.join(', ')}</Field> : null}
      </Stack>
      {mayEdit ? <EditContactModal contact={contact} opened={editing} onClose={close} /> : null}
    </Card>
  );
}
