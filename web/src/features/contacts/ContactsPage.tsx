import { memo, useCallback, useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Text,
  Title,
  type ComboboxItem,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { lifecycleStages } from '#shared/contacts/contact.schema.ts';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import {
  useCompanyChoices,
  useContactsList,
  useOwners,
  useSegmentCount,
  useSegmentMemberList,
  useSegments,
  type Company,
  type Owner,
} from './api';
import { listQuery, readListParams, segmentFilterOf, writeListParams, type ContactFilter } from './contact-filters';
import { ContactsTable } from './ContactsTable';
import { NewContactModal } from './NewContactModal';
import { QuickFind } from './QuickFind';
import { SaveViewModal } from './SaveViewModal';

type ContactList = ReturnType<typeof useContactsList>;

/**
 * The contacts loaded so far, with how many and whether more follow, and "Load more" for whoever would
 * rather ask than scroll (a keyboard user arriving at the end; a page that failed to load).
 */
function LoadedContacts({
  list,
  owners,
  companies,
}: {
  list: ContactList;
  owners: Owner[] | undefined;
  companies: Company[] | undefined;
}) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const [focusRequest, setFocusRequest] = useState<{ fromIndex: number }>();
  const { fetchNextPage, isFetching } = list;
  // Never while a page is being read: fetchNextPage would cancel that read and start it again.
  const loadMore = useCallback(() => {
    if (!isFetching) void fetchNextPage({ cancelRefetch: false });
  }, [fetchNextPage, isFetching]);
  if (list.isPending) return <PageLoader />;
  if (!list.data) return <ProblemAlert error={list.error} />;
  const { loadedRows } = list;
  if (!loadedRows.more && loadedRows.loaded === 0) return <Text py="lg">{t('table.empty')}</Text>;
  const formatted = format.number(loadedRows.loaded);
  return (
    <Stack gap="xs">
      <Group gap="xs" justify="flex-end">
        {isFetching ? <Loader size="xs" aria-hidden /> : null}
        <Text size="sm" role="status">
          {loadedRows.more
            ? t('list.loadedMore', { count: loadedRows.loaded, formatted })
            : t('list.loadedAll', { count: loadedRows.loaded, formatted })}
        </Text>
      </Group>
      <ContactsTable
        contacts={list.rows}
        owners={owners}
        companies={companies}
        loadedRows={loadedRows}
        isFetching={isFetching}
        failed={list.isFetchNextPageError}
        loadMore={loadMore}
        focusRequest={focusRequest}
      />
      {list.isFetchNextPageError ? <ProblemAlert error={list.error} /> : null}
      {loadedRows.more ? (
        <Group justify="center">
          {/* Not disabled while a page loads: a disabled button drops the keyboard focus that reached it. */}
          <Button
            variant="default"
            onClick={() => {
              setFocusRequest({ fromIndex: loadedRows.loaded });
              if (!isFetching) void fetchNextPage({ cancelRefetch: false });
            }}
          >
            {t('list.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

function FilteredContacts({
  filter,
  limit,
  owners,
  companies,
}: {
  filter: ContactFilter;
  limit: number;
  owners: Owner[] | undefined;
  companies: Company[] | undefined;
}) {
  const list = useContactsList(listQuery(filter), limit);
  return <LoadedContacts list={list} owners={owners} companies={companies} />;
}

function SegmentCountBadge({ segmentId }: { segmentId: string }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const count = useSegmentCount(segmentId);
  if (count.error) return <ProblemAlert error={count.error} />;
  if (!count.data) return <Loader size="xs" role="status" aria-label={t('views.counting')} />;
  if (count.data.status === 'counting')
    return (
      <Group gap="xs" aria-live="polite">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{t('views.stillCounting', { examined: format.number(count.data.examined) })}</Text>
      </Group>
    );
  return (
    <Badge variant="outline" size="lg" aria-live="polite">
      {t('views.count', { count: count.data.count, formatted: format.number(count.data.count) })}
    </Badge>
  );
}

function SegmentContacts({
  segmentId,
  limit,
  owners,
  companies,
}: {
  segmentId: string;
  limit: number;
  owners: Owner[] | undefined;
  companies: Company[] | undefined;
}) {
  const list = useSegmentMemberList(segmentId, limit);
  return <LoadedContacts list={list} owners={owners} companies={companies} />;
}

/**
 * One filter's picker. Memoised: the page renders again as each list it shows arrives (owners, companies,
 * views, who I am), and a picker whose choices and value did not change need not.
 */
const FilterSelect = memo(function FilterSelect({
  label,
  placeholder,
  choices,
  value,
  onPick,
  searchable = false,
  nothingFoundMessage,
  width,
}: {
  label: string;
  placeholder: string;
  choices: ComboboxItem[];
  value: string | null;
  onPick: (value: string | null) => void;
  searchable?: boolean;
  nothingFoundMessage?: string;
  width: number;
}) {
  return (
    <Select
      label={label}
      placeholder={placeholder}
      data={choices}
      value={value}
      onChange={onPick}
      clearable
      searchable={searchable}
      nothingFoundMessage={nothingFoundMessage}
      w={width}
    />
  );
});

/** Contacts: the list (read page by page as it scrolls), its filters, saved views (segments), quick find and "New contact". */
export function ContactsPage() {
  const { t } = useTranslation('contacts');
  const [params, setParams] = useSearchParams();
  const { filter, limit, viewId } = readListParams(params);
  const me = useMe();
  const owners = useOwners();
  const companies = useCompanyChoices();
  const segments = useSegments();
  const [creating, createModal] = useDisclosure();
  const [saving, saveModal] = useDisclosure();
  const change = (next: ContactFilter) => setParams(writeListParams(next, limit));
  // Stable while the address is: the memoised pickers keep their callbacks from one render to the next.
  const pick = useCallback(
    (choose: (value: string | null) => { filter?: ContactFilter; viewId?: string }) => (value: string | null) => {
      const current = readListParams(params);
      const next = choose(value);
      setParams(writeListParams(next.filter ?? current.filter, current.limit, next.viewId));
    },
    [params, setParams],
  );
  // A view keeps the filter in the address for when it is cleared.
  const onPickView = useMemo(() => pick((id) => (id ? { viewId: id } : {})), [pick]);
  const onPickOwner = useMemo(
    () => pick((ownerId) => ({ filter: ownerId ? { kind: 'owner', ownerId } : { kind: 'all' } })),
    [pick],
  );
  const onPickStage = useMemo(
    () =>
      pick((stage) => ({
        filter:
          stage && (lifecycleStages as readonly string[]).includes(stage)
            ? { kind: 'stage', lifecycleStage: stage as (typeof lifecycleStages)[number] }
            : { kind: 'all' },
      })),
    [pick],
  );
  const onPickCompany = useMemo(
    () => pick((companyId) => ({ filter: companyId ? { kind: 'company', companyId } : { kind: 'all' } })),
    [pick],
  );
  const segmentChoices = useMemo(
    () => (segments.data ?? []).map((segment) => ({ value: segment.id, label: segment.name })),
    [segments.data],
  );
  const ownerChoices = useMemo(
    () => (owners.data ?? []).map((owner) => ({ value: owner.id, label: owner.name })),
    [owners.data],
  );
  const stageChoices = useMemo(
    () => lifecycleStages.map((stage) => ({ value: stage, label: t(`stages.${stage}`) })),
    [t],
  );
  const companyChoices = useMemo(
    () => (companies.data ?? []).map((company) => ({ value: company.id, label: company.name })),
    [companies.data],
  );
  const view = viewId ? segments.data?.find((segment) => segment.id === viewId) : undefined;
  const savable = segmentFilterOf(filter);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('title')}</Title>
        <Group>
          {me.hasAnyRole(['admin', 'marketing']) && !viewId ? (
            <Button variant="default" onClick={saveModal.open} disabled={!savable}>
              {t('views.saveCurrent')}
            </Button>
          ) : null}
          {me.hasAnyRole(['admin', 'marketing', 'sales']) ? (
            <Button onClick={createModal.open}>{t('newContact.open')}</Button>
          ) : null}
        </Group>
      </Group>
      <QuickFind />
      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Group align="flex-end">
            <FilterSelect
              label={t('views.label')}
              placeholder={t('views.none')}
              choices={segmentChoices}
              value={viewId ?? null}
              onPick={onPickView}
              searchable
              nothingFoundMessage={t('views.noneSaved')}
              width={260}
            />
            {viewId ? <SegmentCountBadge segmentId={viewId} /> : null}
          </Group>
          {view?.description ? (
            <Text size="sm" dir="auto">
              {view.description}
            </Text>
          ) : null}
          {viewId ? null : (
            <>
              <Group align="flex-end">
                <FilterSelect
                  label={t('filters.owner')}
                  placeholder={t('filters.anyOwner')}
                  choices={ownerChoices}
                  value={filter.kind === 'owner' ? filter.ownerId : null}
                  onPick={onPickOwner}
                  searchable
                  width={220}
                />
                <FilterSelect
                  label={t('filters.stage')}
                  placeholder={t('filters.anyStage')}
                  choices={stageChoices}
                  value={filter.kind === 'stage' ? filter.lifecycleStage : null}
                  onPick={onPickStage}
                  width={200}
                />
                <FilterSelect
                  label={t('filters.company')}
                  placeholder={t('filters.anyCompany')}
                  choices={companyChoices}
                  value={filter.kind === 'company' ? filter.companyId : null}
                  onPick={onPickCompany}
                  searchable
                  width={220}
                />
                <Checkbox
                  label={t('filters.unowned')}
                  checked={filter.kind === 'unowned'}
                  onChange={(event) => change(event.currentTarget.checked ? { kind: 'unowned' } : { kind: 'all' })}
                  mb={8}
                />
              </Group>
              <Text size="xs" c="dimmed">
                {t('filters.oneAtATime')}
              </Text>
            </>
          )}
        </Stack>
      </Paper>
      <ProblemAlert error={owners.error ?? segments.error} />
      {/* Keyed by the listing: another filter or view is another list, from its first row at the top. */}
      {viewId ? (
        <SegmentContacts
          key={`view:${viewId}:${limit}`}
          segmentId={viewId}
          limit={limit}
          owners={owners.data}
          companies={companies.data}
        />
      ) : (
        <FilteredContacts
          key={JSON.stringify([listQuery(filter), limit])}
          filter={filter}
          limit={limit}
          owners={owners.data}
          companies={companies.data}
        />
      )}
      <NewContactModal opened={creating} onClose={createModal.close} owners={owners.data} />
      {savable ? (
        <SaveViewModal
          opened={saving}
          onClose={saveModal.close}
          filter={savable}
          onSaved={(segment) => setParams(writeListParams(filter, limit, segment.id))}
        />
      ) : null}
    </Stack>
  );
}
