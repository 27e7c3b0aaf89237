import { Anchor, Badge, Button, Group, NativeSelect, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useCompanies, useContacts, useDeals, useOwners, usePipelines, type DealsQuery } from './api';

/** GET /deals takes exactly one filter: an owner, a pipeline stage (a board column), a company or a contact. */
const filters = ['owner', 'stage', 'company', 'contact'] as const;
type Filter = (typeof filters)[number];
const pageSize = 25;

// Dark shades: white text on them passes WCAG AA contrast (axe: color-contrast).
const statusColors = { open: 'indigo.9', won: 'teal.9', lost: 'red.9' } as const;

export function DealsListPage() {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filter: Filter = (filters as readonly string[]).includes(params.get('filter') ?? '')
    ? (params.get('filter') as Filter)
    : 'owner';
  const owners = useOwners();
  const pipelines = usePipelines();
  const companies = useCompanies(filter === 'company');
  const contacts = useContacts(filter === 'contact');

  const ownerId = params.get('ownerId') ?? me.ownerId ?? owners.data?.[0]?.id;
  const pipelineId = params.get('pipelineId') ?? pipelines.data?.[0]?.id;
  const pipeline = pipelines.data?.find((each) => each.id === pipelineId);
  const stageId = params.get('stageId') ?? pipeline?.stages[0]?.id;
  const companyId = params.get('companyId') ?? companies.data?.[0]?.id;
  const contactId = params.get('contactId') ?? contacts.data?.[0]?.id;

  const base: DealsQuery | undefined = useMemo(() => {
    if (filter === 'owner') return ownerId ? { ownerId } : undefined;
    if (filter === 'stage') return pipelineId && stageId ? { pipelineId, stageId } : undefined;
    if (filter === 'company') return companyId ? { companyId } : undefined;
    return contactId ? { contactId } : undefined;
  }, [filter, ownerId, pipelineId, stageId, companyId, contactId]);

  // The cursors of the pages before this one: "previous" pops, "next" pushes; a new filter starts over.
  const [cursors, setCursors] = useState<string[]>([]);
  const baseKey = JSON.stringify(base);
  useEffect(() => setCursors([]), [baseKey]);
  const cursor = cursors.at(-1);
  const deals = useDeals(base ? { ...base, limit: pageSize, ...(cursor ? { cursor } : {}) } : undefined);

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) next.set(name, value);
    setParams(next);
  };
  const ownerNames = new Map((owners.data ?? []).map((owner) => [owner.id, owner.name]));
  const stageNames = new Map(
    (pipelines.data ?? []).flatMap((each) => each.stages.map((stage) => [`${each.id}/${stage.id}`, stage.name])),
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="end">
        <Title order={1} size="h2">
          {t('list.title')}
        </Title>
        <Anchor c="indigo.8" component={Link} to="/deals">
          {t('list.boardView')}
        </Anchor>
      </Group>
      <Group align="end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="deals-filter-label">
            {t('list.filterBy')}
          </Text>
          <SegmentedControl
            aria-labelledby="deals-filter-label"
            value={filter}
            onChange={(value) => setParams({ filter: value })}
            data={filters.map((value) => ({ value, label: t(`list.filter.${value}`) }))}
          />
        </Stack>
        {filter === 'owner' ? (
          <NativeSelect
            label={t('list.filter.owner')}
            data={(owners.data ?? []).map((owner) => ({ value: owner.id, label: owner.name }))}
            value={ownerId ?? ''}
            onChange={(event) => set({ ownerId: event.currentTarget.value })}
          />
        ) : null}
        {filter === 'stage' ? (
          <>
            <NativeSelect
              label={t('board.pipeline')}
              data={(pipelines.data ?? []).map((each) => ({ value: each.id, label: each.name }))}
              value={pipelineId ?? ''}
              onChange={(event) => {
                const next = pipelines.data?.find((each) => each.id === event.currentTarget.value);
                set({ pipelineId: event.currentTarget.value, stageId: next?.stages[0]?.id ?? '' });
              }}
            />
            <NativeSelect
              label={t('list.filter.stage')}
              data={(pipeline?.stages ?? []).map((stage) => ({ value: stage.id, label: stage.name }))}
              value={stageId ?? ''}
              onChange={(event) => set({ stageId: event.currentTarget.value })}
            />
          </>
        ) : null}
        {filter === 'company' ? (
          <NativeSelect
            label={t('list.filter.company')}
            data={(companies.data ?? []).map((company) => ({ value: company.id, label: company.name }))}
            value={companyId ?? ''}
            onChange={(event) => set({ companyId: event.currentTarget.value })}
          />
        ) : null}
        {filter === 'contact' ? (
          <NativeSelect
            label={t('list.filter.contact')}
            data={(contacts.data ?? []).map((contact) => ({
              value: contact.id,
              label: [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email,
            }))}
            value={contactId ?? ''}
            onChange={(event) => set({ contactId: event.currentTarget.value })}
          />
        ) : null}
      </Group>
      <ProblemAlert error={deals.error ?? owners.error ?? pipelines.error ?? companies.error ?? contacts.error} />
      {base === undefined && !owners.isPending && !pipelines.isPending ? (
        <Text>{t('list.nothingToFilter')}</Text>
      ) : null}
      {deals.isPending && base ? <PageLoader /> : null}
      {deals.data ? (
        <>
          <Table striped highlightOnHover data-testid="deals-table">
            <Table.Caption>{t('list.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.column.name')}</Table.Th>
                <Table.Th>{t('list.column.stage')}</Table.Th>
                <Table.Th>{t('list.column.status')}</Table.Th>
                <Table.Th style={{ textAlign: 'end' }}>{t('list.column.amount')}</Table.Th>
                <Table.Th>{t('list.column.owner')}</Table.Th>
                <Table.Th>{t('list.column.closeDate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deals.data.items.map((deal) => (
                <Table.Tr key={deal.id}>
                  <Table.Td>
                    <Anchor c="indigo.8" component={Link} to={`/deals/${deal.id}`} dir="auto">
                      {deal.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{stageNames.get(`${deal.pipelineId}/${deal.stageId}`) ?? deal.stageId}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColors[deal.status]} variant="filled">
                      {t(`status.${deal.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'end' }}>{format.money(deal.amount, deal.currency)}</Table.Td>
                  <Table.Td>
                    <span dir="auto">{ownerNames.get(deal.ownerId ?? '') ?? ''}</span>
                  </Table.Td>
                  <Table.Td>{deal.closeDate ? format.date(deal.closeDate) : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {deals.data.items.length === 0 ? <Text>{t('list.empty')}</Text> : null}
          <Group justify="space-between">
            <Text size="sm">{t('list.page', { page: format.number(cursors.length + 1) })}</Text>
            <Group>
              <Button
                variant="default"
                disabled={cursors.length === 0}
                onClick={() => setCursors((before) => before.slice(0, -1))}
              >
                {t('list.previous')}
              </Button>
              <Button
                variant="default"
                disabled={!deals.data.nextCursor}
                onClick={() => {
                  const next = deals.data?.nextCursor;
                  if (next) setCursors((before) => [...before, next]);
                }}
              >
                {t('list.next')}
              </Button>
            </Group>
          </Group>
        </>
      ) : null}
    </Stack>
  );
}
