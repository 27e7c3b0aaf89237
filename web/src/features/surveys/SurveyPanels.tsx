import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ChartFigure } from '../../components/ChartFigure';
import { CursorPager } from '../../components/CursorPager';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useCursorStack } from '../../lib/cursor-stack';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import {
  useCompleteFollowUp,
  useContacts,
  useSurveyResponses,
  useSurveyResults,
  type Contact,
  type Survey,
  type SurveyResponse,
} from './api';
import { scoreDomain } from './survey-draft';

const categoryColor = { promoter: 'teal', passive: 'gray', detractor: 'red' } as const;
const nameOf = (contact: Contact) =>
  [contact.firstName, contact.lastName].filter(Boolean).join(' ') || (contact.emailDisplay ?? contact.email);

/** A detractor's follow-up: the task their owner was given, open (due when; mark it done) or done. */
function FollowUp({ response }: { response: SurveyResponse }) {
  const { t } = useTranslation('surveys');
  const format = useFormat();
  const me = useMe();
  const complete = useCompleteFollowUp();
  const task = response.followUpTask;
  if (response.category !== 'detractor') return null;
  if (!task) return <Text size="sm">{t('answers.noTaskYet')}</Text>;
  if (task.done)
    return (
      <Text size="sm" data-testid="follow-up-done">
        {t('answers.taskDone', { at: task.doneAt ? format.dateTime(task.doneAt) : '' })}
      </Text>
    );
  return (
    <Stack gap={4} data-testid="follow-up-open">
      <Text size="sm" dir="auto">
        {task.subject}
      </Text>
      {task.dueAt ? <Text size="xs">{t('answers.due', { due: format.relative(task.dueAt) })}</Text> : null}
      <ProblemAlert error={complete.error} />
      {me.mayChange(['admin', 'marketing', 'sales'], [task.ownerId]) ? (
        <Group>
          <Button
            size="xs"
            variant="default"
            loading={complete.isPending}
            onClick={() => complete.mutate(task)}
            aria-label={t('answers.markDone', { subject: task.subject ?? '' })}
          >
            {t('answers.markDoneShort')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** The survey's answers, newest first, a page at a time; detractors with their follow-up task. */
export function Answers({ survey }: { survey: Survey }) {
  const { t } = useTranslation('surveys');
  const format = useFormat();
  const limit = 25;
  const pager = useCursorStack(`${survey.id}-${limit}`);
  const page = useSurveyResponses(survey.id, limit, pager.cursor);
  const contacts = useContacts(page.data?.items.map((response) => response.contactId) ?? []);
  const contactById = new Map(contacts.flatMap((query) => (query.data ? [[query.data.id, query.data]] : [])));
  if (page.error) return <ProblemAlert error={page.error} />;
  if (page.isPending || !page.data) return <PageLoader />;
  const items = page.data.items;
  const open = items.filter((response) => response.followUpTask && !response.followUpTask.done).length;
  return (
    <Stack>
      {items.length === 0 ? <Text>{t('answers.none')}</Text> : null}
      {open > 0 ? (
        <Text size="sm" data-testid="open-follow-ups">
          {t('answers.openFollowUps', { count: open, formatted: format.number(open) })}
        </Text>
      ) : null}
      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={760}>
          <Table aria-label={t('answers.label')} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('answers.answered')}</Table.Th>
                <Table.Th>{t('answers.contact')}</Table.Th>
                <Table.Th>{t('answers.score')}</Table.Th>
                <Table.Th>{t('answers.comment')}</Table.Th>
                <Table.Th>{t('answers.followUp')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((response) => {
                const contact = contactById.get(response.contactId);
                return (
                  <Table.Tr key={response.sendId} data-testid="survey-answer">
                    <Table.Td>{format.dateTime(response.answeredAt)}</Table.Td>
                    <Table.Td>
                      <Anchor c="indigo.8" component={Link} to={`/contacts/${response.contactId}`} dir="auto">
                        {contact ? nameOf(contact) : t('answers.openContact')}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text fw={600}>{format.number(response.score)}</Text>
                        <Badge color={categoryColor[response.category]} variant="light" c="dark">
                          {t(`categories.${response.category}`)}
                        </Badge>
                        {response.late ? (
                          <Badge variant="outline" color="dark">
                            {t('answers.late')}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td dir="auto">{response.comment ?? ''}</Table.Td>
                    <Table.Td>
                      <FollowUp response={response} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <CursorPager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        hasNext={Boolean(page.data.nextCursor)}
        onPrevious={pager.previous}
        onNext={() => pager.next(page.data.nextCursor)}
        busy={page.isFetching}
        labels={{
          previous: t('pager.previous'),
          next: t('pager.next'),
          page: t('pager.page', { page: format.number(pager.page) }),
          navigation: t('pager.label'),
        }}
      />
    </Stack>
  );
}

const dayMs = 86_400_000;
const noon = (day: string) => `${day}T12:00:00Z`;

/** The survey's score over the last 90 days, by answer day: a chart, its numbers, and a sentence that says them. */
export function ScoreOverTime({ survey, today }: { survey: Survey; today: Date }) {
  const { t } = useTranslation('surveys');
  const format = useFormat();
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - 89 * dayMs).toISOString().slice(0, 10);
  const results = useSurveyResults(survey.id, { from, to });
  if (results.isPending) return <PageLoader />;
  if (results.error) return <ProblemAlert error={results.error} />;
  const data = results.data;
  const rtl = format.language.dir === 'rtl';
  const score = (value: number | null) => (value === null ? '—' : format.number(value));
  return (
    <ChartFigure
      id="survey-score"
      title={t(`score.title.${survey.kind}`)}
      summary={
        data.responses === 0
          ? t('score.none')
          : t('score.summary', {
              score: score(data.score),
              count: data.responses,
              responses: format.number(data.responses),
              promoters: format.number(data.promoters),
              passives: format.number(data.passives),
              detractors: format.number(data.detractors),
            })
      }
      columns={[
        t('score.day'),
        t(`score.headline.${survey.kind}`),
        t('score.responses'),
        t('categories.promoter'),
        t('categories.passive'),
        t('categories.detractor'),
      ]}
      rows={data.series.map((point) => [
        format.date(noon(point.day)),
        score(point.score),
        format.number(point.responses),
        format.number(point.promoters),
        format.number(point.passives),
        format.number(point.detractors),
      ])}
    >
      <LineChart
        h={220}
        data={data.series.map((point) => ({ label: format.date(noon(point.day)), score: point.score }))}
        dataKey="label"
        series={[{ name: 'score', label: t(`score.headline.${survey.kind}`), color: 'indigo.6' }]}
        xAxisProps={{ reversed: rtl }}
        yAxisProps={{ orientation: rtl ? 'right' : 'left', domain: scoreDomain[survey.kind] }}
        valueFormatter={(value) => format.number(value)}
        connectNulls
      />
    </ChartFigure>
  );
}
