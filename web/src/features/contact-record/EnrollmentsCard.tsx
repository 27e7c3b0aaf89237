import { Badge, Card, Skeleton, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useEnrollments } from './api';

const statusColor = { active: 'blue', held: 'yellow', ended: 'gray' } as const;

/** The campaigns the contact is or was in: status, the step it runs next, and the emails sent. */
export function EnrollmentsCard({ contactId }: { contactId: string }) {
  const { t } = useTranslation('contact-record');
  const format = useFormat();
  const enrollments = useEnrollments(contactId);
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="enrollments-title"
      data-testid="enrollments-card"
    >
      <Title order={2} size="h4" id="enrollments-title" mb="sm">
        {t('enrollments.title')}
      </Title>
      {enrollments.isPending ? <Skeleton h={60} /> : null}
      {enrollments.isError ? <ProblemAlert error={enrollments.error} /> : null}
      {enrollments.data && enrollments.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('enrollments.none')}
        </Text>
      ) : null}
      {enrollments.data && enrollments.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={480}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('enrollments.campaign')}</Table.Th>
                <Table.Th>{t('enrollments.status')}</Table.Th>
                <Table.Th>{t('enrollments.step')}</Table.Th>
                <Table.Th ta="end">{t('enrollments.emailsSent')}</Table.Th>
                <Table.Th>{t('enrollments.enrolledAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {enrollments.data.items.map((enrollment) => (
                <Table.Tr key={`${enrollment.campaignId}:${enrollment.run}`}>
                  <Table.Td dir="auto">{enrollment.campaignName ?? enrollment.campaignId}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="light" color={statusColor[enrollment.status]} c="dark.7">
                      {t(`enrollments.statuses.${enrollment.status}`)}
                    </Badge>
                    {enrollment.endReason ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {t(`enrollments.ends.${enrollment.endReason}`)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <code>{enrollment.currentStepId ?? '—'}</code>
                  </Table.Td>
                  <Table.Td ta="end">{format.number(enrollment.emailsSent)}</Table.Td>
                  <Table.Td>{format.date(enrollment.enrolledAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Card>
  );
}
