import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useForms, useSubmissions } from './api';

const dayMs = 86_400_000;

/** The lead forms, with how many leads each received in the last 30 days; a new one starts in the builder. */
export function FormsPage() {
  const { t } = useTranslation('forms');
  const format = useFormat();
  const me = useMe();
  const forms = useForms();
  const today = new Date();
  const period = {
    from: new Date(today.getTime() - 29 * dayMs).toISOString().slice(0, 10),
    to: today.toISOString().slice(0, 10),
  };
  const submissions = useSubmissions(period);
  const submissionsOf = new Map((submissions.data?.forms ?? []).map((form) => [form.formId, form.submissions]));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('title')}</Title>
        {me.hasAnyRole(['admin', 'marketing']) ? (
          <Button component={Link} to="/forms/new">
            {t('list.new')}
          </Button>
        ) : null}
      </Group>
      <Text size="sm">{t('list.intro')}</Text>
      <ProblemAlert error={forms.error ?? submissions.error} />
      {forms.isPending ? <PageLoader /> : null}
      {forms.data && forms.data.length === 0 ? <Text py="lg">{t('list.empty')}</Text> : null}
      {forms.data && forms.data.length > 0 ? (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover aria-label={t('list.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.name')}</Table.Th>
                <Table.Th>{t('list.fields')}</Table.Th>
                <Table.Th>{t('list.submissions')}</Table.Th>
                <Table.Th>{t('list.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {forms.data.map((form) => (
                <Table.Tr key={form.id}>
                  <Table.Td>
                    <Anchor c="indigo.8" component={Link} to={`/forms/${form.id}`} dir="auto">
                      {form.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{format.number(Object.keys(form.fieldMapping).length)}</Table.Td>
                  <Table.Td>{submissions.data ? format.number(submissionsOf.get(form.id) ?? 0) : '…'}</Table.Td>
                  <Table.Td>{format.dateTime(form.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
