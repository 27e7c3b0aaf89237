import { Badge, Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { RecordContact } from './api';

const statusColor = { none: 'gray', pending: 'yellow', granted: 'green', withdrawn: 'red' } as const;

/** Marketing consent and its proof: where it came from, when, and which wording was agreed to. */
export function ConsentCard({ contact }: { contact: RecordContact }) {
  const { t } = useTranslation('contact-record');
  const format = useFormat();
  const consent = contact.consent;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="consent-title" data-testid="consent-card">
      <Title order={2} size="h4" id="consent-title" mb="sm">
        {t('consent.title')}
      </Title>
      <Stack gap={6}>
        <Badge color={statusColor[consent.status]} variant="light" w="fit-content">
          {t(`consent.status.${consent.status}`)}
        </Badge>
        {consent.source ? (
          <Text size="sm">
            {t('consent.source')}: <span dir="auto">{consent.source}</span>
          </Text>
        ) : null}
        {consent.updatedAt ? (
          <Text size="sm">
            {t('consent.at')}: {format.dateTime(consent.updatedAt)}
          </Text>
        ) : null}
        {consent.textVersion ? (
          <Text size="sm">
            {t('consent.textVersion')}: <code>{consent.textVersion}</code>
          </Text>
        ) : null}
        {consent.status === 'none' ? (
          <Text size="sm" c="dimmed">
            {t('consent.noneHint')}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}
