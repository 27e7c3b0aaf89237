import {
  Alert,
  Box,
  Button,
  Code,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { templateErrors } from '#shared/campaigns/templates.ts';
import { SearchContactsQuery } from '#shared/contacts/contact.schema.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useEmailPreview, usePreviewContacts, useTestSend, type PreviewRequest } from './api';

export interface EmailBeingEdited {
  /** The A/B variant's id; absent for an email without variants. */
  variantId?: string;
  subject?: string;
  html?: string;
  text?: string;
}

const sample = 'sample';

/**
 * The live preview of an email step as it would go out (the API's preview route, for the templates on the screen,
 * not the saved ones), for the sample contact or a real one; an A/B test's variants side by side; and a test
 * send of each to the signed-in user's own address.
 */
export function EmailPreviews({
  campaignId,
  stepId,
  emails,
  canSend,
}: {
  campaignId: string | undefined;
  stepId: string;
  emails: EmailBeingEdited[];
  canSend: boolean;
}) {
  const { t } = useTranslation('campaigns');
  const [contactId, setContactId] = useState<string>(sample);
  const [contactLabel, setContactLabel] = useState<string>();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const searchable = debouncedSearch !== '' && SearchContactsQuery.safeParse({ q: debouncedSearch }).success;
  const found = usePreviewContacts(debouncedSearch, searchable);
  const headingId = useId();

  if (!campaignId)
    return (
      <Alert color="gray" title={t('email.previewTitle')}>
        {t('email.saveFirst')}
      </Alert>
    );

  const contacts = (found.data ?? []).map((contact) => {
    const email = contact.emailDisplay ?? contact.email;
    const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    return { value: contact.id, label: name ? `${name} · ${email}` : email };
  });
  const chosen = contactId !== sample && contactLabel ? [{ value: contactId, label: contactLabel }] : [];
  const options = [
    { value: sample, label: t('email.sampleContact') },
    ...chosen,
    ...contacts.filter((contact) => contact.value !== contactId),
  ];

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>
        {t('email.previewTitle')}
      </Title>
      <Select
        label={t('email.previewFor')}
        description={t('email.previewForHint')}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        data={options}
        value={contactId}
        onChange={(value, option) => {
          setContactId(value ?? sample);
          setContactLabel(value && value !== sample ? option?.label : undefined);
        }}
        filter={({ options: all }) => all}
        nothingFoundMessage={searchable ? t('email.noContact') : t('email.searchHint')}
        allowDeselect={false}
        dir="auto"
      />
      <SimpleGrid cols={{ base: 1, sm: Math.min(emails.length, 2) }} spacing="sm">
        {emails.map((email) => (
          <OnePreview
            key={email.variantId ?? 'content'}
            campaignId={campaignId}
            stepId={stepId}
            email={email}
            contactId={contactId === sample ? undefined : contactId}
            canSend={canSend}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function OnePreview({
  campaignId,
  stepId,
  email,
  contactId,
  canSend,
}: {
  campaignId: string;
  stepId: string;
  email: EmailBeingEdited;
  contactId: string | undefined;
  canSend: boolean;
}) {
  const { t } = useTranslation('campaigns');
  const content = { subject: email.subject ?? '', html: email.html ?? '', text: email.text ?? '' };
  const request: PreviewRequest = {
    stepId,
    ...(email.variantId ? { variantId: email.variantId } : {}),
    ...(contactId ? { contactId } : {}),
    content,
  };
  // Rendered once typing pauses (compared as text: the request is a new object on every render); a template
  // with errors is not sent (its errors show on its fields).
  const [settledText] = useDebouncedValue(JSON.stringify(request), 400);
  const settled = useMemo(() => JSON.parse(settledText) as PreviewRequest, [settledText]);
  const broken = useMemo(() => templateErrors(settled.content ?? {}).length > 0, [settled]);
  const brokenNow = templateErrors(content).length > 0;
  const preview = useEmailPreview(campaignId, settled, !broken);
  const testSend = useTestSend(campaignId);
  // One key per intended send: a retry of a failed click repeats it (answered once by the API), a new click
  // after a success, or of something else, is a new send.
  const intent = useRef<{ of: string; key: string } | undefined>(undefined);
  const send = () => {
    const of = JSON.stringify(request);
    if (!intent.current || intent.current.of !== of || testSend.isSuccess)
      intent.current = { of, key: crypto.randomUUID() };
    testSend.mutate({ request, idempotencyKey: intent.current.key });
  };
  const name = email.variantId ? t('email.variantName', { id: email.variantId }) : t('email.theEmail');
  const shown = preview.data;
  const headingId = useId();

  return (
    <Paper withBorder p="xs" component="section" aria-labelledby={headingId}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs">
          <Title order={4} size="h6" id={headingId}>
            {t('email.previewOf', { name })}
          </Title>
          {preview.isFetching ? <Loader size="xs" aria-label={t('email.rendering')} /> : null}
        </Group>
        {broken ? (
          <Text size="sm" c="red.9">
            {t('email.fixErrors')}
          </Text>
        ) : null}
        <ProblemAlert error={broken ? undefined : preview.error} />
        {shown ? (
          <>
            <Text size="xs" c="dimmed" dir="auto">
              {t('email.fromTo', { from: shown.from, to: shown.to })}
            </Text>
            <Text size="sm" fw={600} dir="auto" data-testid="preview-subject">
              {shown.subject || t('email.noSubject')}
            </Text>
            <Tabs defaultValue="html" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="html">{t('email.htmlTab')}</Tabs.Tab>
                <Tabs.Tab value="text">{t('email.textTab')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="html" pt={6}>
                {/* The email's HTML in a sandbox with no scripts, no forms, no same-origin access. */}
                <Box
                  component="iframe"
                  title={t('email.htmlFrame', { name })}
                  sandbox=""
                  srcDoc={shown.html}
                  w="100%"
                  h={280}
                  style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4, background: 'white' }}
                />
              </Tabs.Panel>
              <Tabs.Panel value="text" pt={6}>
                <Code block dir="auto" style={{ whiteSpace: 'pre-wrap' }} data-testid="preview-text">
                  {shown.text}
                </Code>
              </Tabs.Panel>
            </Tabs>
          </>
        ) : null}
        {canSend ? (
          <Group gap="xs">
            <Button
              size="xs"
              variant="light"
              h="auto"
              py={6}
              // Side by side the cards are narrow: the label wraps rather than being cut off.
              styles={{ label: { whiteSpace: 'normal', textAlign: 'start' } }}
              onClick={send}
              loading={testSend.isPending}
              disabled={brokenNow}
            >
              {t('email.sendTest', { name })}
            </Button>
          </Group>
        ) : null}
        {testSend.isSuccess ? (
          <Text size="sm" role="status" c="teal.9" dir="auto">
            {t('email.testSent', { to: testSend.data.to, subject: testSend.data.subject })}
          </Text>
        ) : null}
        <ProblemAlert error={testSend.error} />
      </Stack>
    </Paper>
  );
}
