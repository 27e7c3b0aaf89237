import { Badge, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useScore } from './api';

const gradeColor = { A: 'green', B: 'teal', C: 'yellow', D: 'gray' } as const;

/** The score now (decay applied), its grade, and which rule gave how many points. */
export function ScoreCard({ contactId }: { contactId: string }) {
  const { t } = useTranslation('contact-record');
  const format = useFormat();
  const score = useScore(contactId);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="score-title" data-testid="score-card">
      <Title order={2} size="h4" id="score-title" mb="sm">
        {t('score.title')}
      </Title>
      {score.isPending ? <Skeleton h={80} /> : null}
      {score.isError ? <ProblemAlert error={score.error} /> : null}
      {score.data ? (
        <Stack gap="sm">
          <Group gap="md">
            <Text size="xl" fw={700} data-testid="score-total">
              {format.number(score.data.total)}
            </Text>
            <Badge
              size="lg"
              variant="light"
              color={gradeColor[score.data.grade]}
              c="dark.7"
              aria-label={t('score.grade', { grade: score.data.grade })}
            >
              {score.data.grade}
            </Badge>
            <Text size="sm" c="dimmed">
              {t('score.split', { fit: format.number(score.data.fit), behaviour: format.number(score.data.behaviour) })}
            </Text>
          </Group>
          {score.data.explanation.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('score.noRules')}
            </Text>
          ) : (
            <Table data-testid="score-explanation" verticalSpacing={4}>
              <Table.Caption>{t('score.explanation')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('score.rule')}</Table.Th>
                  <Table.Th>{t('score.kind')}</Table.Th>
                  <Table.Th ta="end">{t('score.points')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {score.data.explanation.map((rule) => (
                  <Table.Tr key={rule.ruleId}>
                    <Table.Td dir="auto">
                      {rule.ruleName}
                      {rule.occurrences !== undefined ? (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          {t('score.occurrences', { count: rule.occurrences, n: format.number(rule.occurrences) })}
                        </Text>
                      ) : null}
                      {rule.capped ? (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          {t('score.capped')}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{t(`score.kinds.${rule.kind}`)}</Table.Td>
                    <Table.Td ta="end">{format.number(rule.points, { signDisplay: 'exceptZero' })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Text size="xs" c="dimmed">
            {t('score.stage', { stage: t(`stages.${score.data.stage}`) })} ·{' '}
            {t('score.asOf', { when: format.dateTime(score.data.scoredAt) })}
          </Text>
        </Stack>
      ) : null}
    </Card>
  );
}
