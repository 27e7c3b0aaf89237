import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useSegmentList } from './api';

/** The segments, alphabetically, with what each one says it is; a new one starts in the builder. */
export function SegmentsPage() {
  const { t } = useTranslation('segments');
  const format = useFormat();
  const me = useMe();
  const segments = useSegmentList();
  const items = segments.data?.items;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('title')}</Title>
        {me.hasAnyRole(['admin', 'marketing']) ? (
          <Button component={Link} to="/segments/new">
            {t('list.new')}
          </Button>
        ) : null}
      </Group>
      <Text size="sm">{t('list.intro')}</Text>
      <ProblemAlert error={segments.error} />
      {segments.isPending ? <PageLoader /> : null}
      {items && items.length === 0 ? <Text py="lg">{t('list.empty')}</Text> : null}
      {items && items.length > 0 ? (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover aria-label={t('list.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.name')}</Table.Th>
                <Table.Th>{t('list.description')}</Table.Th>
                <Table.Th>{t('list.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((segment) => (
                <Table.Tr key={segment.id}>
                  <Table.Td>
                    <Anchor c="indigo.8" component={Link} to={`/segments/${segment.id}`} dir="auto">
                      {segment.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td dir="auto">{segment.description ?? ''}</Table.Td>
                  <Table.Td>{format.dateTime(segment.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
