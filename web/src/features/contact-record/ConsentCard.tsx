import { Badge, Card, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useConsent } from './api';

const statusColor = { none: 'gray', pending: 'yellow', granted: 'green', withdrawn: 'red' } as const;

/** Marketing consent and its proof: each record's source, time, method, wording and version, hashed IP. */
export function ConsentCard({ contactId }: { contactId: string }) {
  const { t } = useTranslation('contact-record');
  const format = useFormat();
  const consent = useConsent(contactId);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="consent-title" data-testid="consent-card">
      <Title order={2} size="h4" id="consent-title" mb="sm">
        {t('consent.title')}
      </Title>
      {consent.isPending ? <Skeleton h={60} /> : null}
      {consent.isError ? <ProblemAlert error={consent.error} /> : null}
      {consent.data ? (
        <Stack gap={6}>
          <Badge color={statusColor[consent.data.current.status]} c="dark.7" variant="light" w="fit-content">
            {t(`consent.status.${consent.data.current.status}`)}
          </Badge>
          {consent.data.suppression ? (
            <Text size="sm" c="red.8">
              {t('consent.suppressed', {
                reason: t(`consent.suppression.${consent.data.suppression.reason}`),
                when: format.date(consent.data.suppression.at),
              })}
            </Text>
          ) : null}
          {consent.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('consent.noneHint')}
            </Text>
          ) : (
            <>
              <Text size="xs" fw={700} c="dimmed" mt="xs">
                {t('consent.proof')}
              </Text>
              <Stack component="ol" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
                {consent.data.items.map((record) => (
                  <li key={record.id}>
                    <Text size="sm" fw={600}>
                      {t(`consent.status.${record.status}`)} · {t(`consent.method.${record.method}`)}
                    </Text>
                    <Text size="xs">
                      {format.dateTime(record.at)} · <span dir="auto">{record.source}</span>
                    </Text>
                    {record.text ? (
                      <Text size="xs" dir="auto" fs="italic">
                        “{record.text}”
                      </Text>
                    ) : null}
                    <Text size="xs" c="dimmed">
                      {record.textVersion ? `${t('consent.textVersion')}: ${record.textVersion}` : null}
                      {record.textVersion && record.ipHash ? ' · ' : null}
                      {record.ipHash ? t('consent.ipHashed') : null}
                    </Text>
                  </li>
                ))}
              </Stack>
            </>
          )}
        </Stack>
      ) : null}
    </Card>
  );
}
