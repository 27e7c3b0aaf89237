import { Card, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useTimeline } from './api';
import { surveyAnswersOf } from './survey-answers';

/** The contact's NPS, CSAT and CES answers (survey answers are timeline entries; this reads the pages loaded). */
export function SurveyAnswersCard({ contactId }: { contactId: string }) {
  const { t } = useTranslation('contact-record');
  const format = useFormat();
  const timeline = useTimeline(contactId);
  const answers = useMemo(
    () => surveyAnswersOf(timeline.data?.pages.flatMap((page) => page.items) ?? []),
    [timeline.data],
  );
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="surveys-title" data-testid="surveys-card">
      <Title order={2} size="h4" id="surveys-title" mb="sm">
        {t('surveys.title')}
      </Title>
      {answers.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('surveys.none')}
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('surveys.kind')}</Table.Th>
              <Table.Th ta="end">{t('surveys.score')}</Table.Th>
              <Table.Th>{t('surveys.comment')}</Table.Th>
              <Table.Th>{t('surveys.when')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {answers.map((answer) => (
              <Table.Tr key={answer.id}>
                <Table.Td>{answer.kind ? answer.kind.toUpperCase() : '—'}</Table.Td>
                <Table.Td ta="end">{answer.score === undefined ? '—' : format.number(answer.score)}</Table.Td>
                <Table.Td dir="auto">{answer.comment ?? '—'}</Table.Td>
                <Table.Td>{format.date(answer.at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
