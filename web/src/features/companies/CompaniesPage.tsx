import { Anchor, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useCursorStack } from '../../lib/cursor-stack';
import { useFormat } from '../../lib/format';
import { useCompaniesPage, useOwners } from './api';

export function pageSizeOf(params: URLSearchParams): number {
  const limit = Number(params.get('limit'));
  return Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : 25;
}

/** Companies, alphabetically, page by page; optionally one owner's. */
export function CompaniesPage() {
  const { t } = useTranslation('companies');
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const limit = pageSizeOf(params);
  const ownerId = params.get('ownerId') ?? undefined;
  const owners = useOwners();
  const pager = useCursorStack(JSON.stringify({ ownerId, limit }));
  const companies = useCompaniesPage(ownerId, limit, pager.cursor);
  const ownerName = new Map((owners.data ?? []).map((owner) => [owner.id, owner.name]));
  const data = companies.data;
  return (
    <Stack>
      <Title order={1}>{t('title')}</Title>
      <Group>
        <Select
          label={t('filters.owner')}
          placeholder={t('filters.anyOwner')}
          data={(owners.data ?? []).map((owner) => ({ value: owner.id, label: owner.name }))}
          value={ownerId ?? null}
          onChange={(id) => {
            const next = new URLSearchParams(params);
            if (id) next.set('ownerId', id);
            else next.delete('ownerId');
            setParams(next);
          }}
          clearable
          searchable
          w={240}
        />
      </Group>
      <ProblemAlert error={companies.error ?? owners.error} />
      {companies.isPending ? <PageLoader /> : null}
      {data && data.items.length === 0 ? <Text py="lg">{t('list.empty')}</Text> : null}
      {data && data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={800}>
          <Table striped highlightOnHover aria-label={t('list.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.domain')}</Table.Th>
                <Table.Th>{t('fields.industry')}</Table.Th>
                <Table.Th>{t('fields.size')}</Table.Th>
                <Table.Th>{t('fields.country')}</Table.Th>
                <Table.Th>{t('fields.owner')}</Table.Th>
                <Table.Th>{t('fields.annualRevenue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((company) => (
                <Table.Tr key={company.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/companies/${company.id}`} dir="auto">
                      {company.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td dir="ltr">{company.domain}</Table.Td>
                  <Table.Td dir="auto">{company.industry}</Table.Td>
                  <Table.Td>{company.size ? t('sizeEmployees', { size: company.size }) : null}</Table.Td>
                  <Table.Td>{company.country}</Table.Td>
                  <Table.Td dir="auto">
                    {company.ownerId ? (ownerName.get(company.ownerId) ?? company.ownerId) : t('unowned')}
                  </Table.Td>
                  <Table.Td>
                    {company.annualRevenue === undefined ? null : format.number(company.annualRevenue)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {data ? (
        <CursorPager
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={Boolean(data.nextCursor)}
          onPrevious={pager.previous}
          onNext={() => pager.next(data.nextCursor)}
          busy={companies.isFetching}
          labels={{
            previous: t('pager.previous'),
            next: t('pager.next'),
            page: t('pager.page', { page: format.number(pager.page) }),
            navigation: t('pager.label'),
          }}
        />
      ) : null}
    </Stack>
  );
}
