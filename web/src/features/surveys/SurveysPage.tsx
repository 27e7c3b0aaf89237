import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useMe } from '../../lib/me';
import { useSurveys } from './api';

/** The surveys by name: kind, what sends them and whether they are active; a new one starts from here. */
export function SurveysPage() {
  const { t } = useTranslation('surveys');
  const me = useMe();
  const surveys = useSurveys();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('title')}</Title>
        {me.hasAnyRole(['admin', 'marketing']) ? (
          <Button component={Link} to="/surveys/new">
            {t('list.new')}
          </Button>
        ) : null}
      </Group>
      <Text size="sm">{t('list.intro')}</Text>
      <ProblemAlert error={surveys.error} />
      {surveys.isPending ? <PageLoader /> : null}
      {surveys.data && surveys.data.length === 0 ? <Text py="lg">{t('list.empty')}</Text> : null}
      {surveys.data && surveys.data.length > 0 ? (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover aria-label={t('list.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.name')}</Table.Th>
                <Table.Th>{t('list.kind')}</Table.Th>
                <Table.Th>{t('list.trigger')}</Table.Th>
                <Table.Th>{t('list.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {surveys.data.map((survey) => (
                <Table.Tr key={survey.id}>
                  <Table.Td>
                    <Anchor c="indigo.8" component={Link} to={`/surveys/${survey.id}`} dir="auto">
                      {survey.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`kinds.${survey.kind}`)}</Table.Td>
                  <Table.Td>{t(`triggers.${survey.trigger}`)}</Table.Td>
                  <Table.Td>
                    <Badge color={survey.status === 'active' ? 'teal' : 'gray'} variant="light" c="dark">
                      {t(`statuses.${survey.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
