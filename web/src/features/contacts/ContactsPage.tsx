import { Badge, Button, Checkbox, Group, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { lifecycleStages } from '#shared/contacts/contact.schema.ts';
import { CursorPager } from '../../components/CursorPager';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useCursorStack } from '../../lib/cursor-stack';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import {
  useCompanyChoices,
  useContactsPage,
  useOwners,
  useSegmentCount,
  useSegmentMembers,
  useSegments,
  type ContactPage,
  type Company,
  type Owner,
} from './api';
import { listQuery, readListParams, segmentFilterOf, writeListParams, type ContactFilter } from './contact-filters';
import { ContactsTable } from './ContactsTable';
import { NewContactModal } from './NewContactModal';
import { QuickFind } from './QuickFind';
import { SaveViewModal } from './SaveViewModal';

function usePagerLabels(page: number) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  return {
    previous: t('pager.previous'),
    next: t('pager.next'),
    page: t('pager.page', { page: format.number(page) }),
    navigation: t('pager.label'),
  };
}

/** A page of a listing with its pager, or the API's refusal. */
function PagedContacts({
  page,
  owners,
  companies,
  pager,
}: {
  page: {
    data?: ContactPage | { items: ContactPage['items']; nextCursor?: string };
    error: unknown;
    isPending: boolean;
    isFetching: boolean;
  };
  owners: Owner[] | undefined;
  companies: Company[] | undefined;
  pager: ReturnType<typeof useCursorStack>;
}) {
  const labels = usePagerLabels(pager.page);
  if (page.error) return <ProblemAlert error={page.error} />;
  if (page.isPending || !page.data) return <PageLoader />;
  const { data } = page;
  return (
    <>
      <ContactsTable contacts={data.items} owners={owners} companies={companies} />
      <CursorPager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        hasNext={Boolean(data.nextCursor)}
        onPrevious={pager.previous}
        onNext={() => pager.next(data.nextCursor)}
        busy={page.isFetching}
        labels={labels}
      />
    </>
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
  const query = listQuery(filter);
  const pager = useCursorStack(JSON.stringify({ query, limit }));
  const page = useContactsPage({ ...query, limit, ...(pager.cursor ? { cursor: pager.cursor } : {}) });
  return <PagedContacts page={page} owners={owners} companies={companies} pager={pager} />;
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
  const pager = useCursorStack(JSON.stringify({ segmentId, limit }));
  const page = useSegmentMembers(segmentId, limit, pager.cursor);
  return <PagedContacts page={page} owners={owners} companies={companies} pager={pager} />;
}

/** Contacts: the paged list, its filters, saved views (segments), quick find and "New contact". */
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
            <Select
              label={t('views.label')}
              placeholder={t('views.none')}
              data={(segments.data ?? []).map((segment) => ({ value: segment.id, label: segment.name }))}
              value={viewId ?? null}
              onChange={(id) => setParams(writeListParams(filter, limit, id ?? undefined))}
              clearable
              searchable
              nothingFoundMessage={t('views.noneSaved')}
              w={260}
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
                <Select
                  label={t('filters.owner')}
                  placeholder={t('filters.anyOwner')}
                  data={(owners.data ?? []).map((owner) => ({ value: owner.id, label: owner.name }))}
                  value={filter.kind === 'owner' ? filter.ownerId : null}
                  onChange={(ownerId) => change(ownerId ? { kind: 'owner', ownerId } : { kind: 'all' })}
                  clearable
                  searchable
                  w={220}
                />
                <Select
                  label={t('filters.stage')}
                  placeholder={t('filters.anyStage')}
                  data={lifecycleStages.map((stage) => ({ value: stage, label: t(`stages.${stage}`) }))}
                  value={filter.kind === 'stage' ? filter.lifecycleStage : null}
                  onChange={(stage) =>
                    change(
                      stage && (lifecycleStages as readonly string[]).includes(stage)
                        ? { kind: 'stage', lifecycleStage: stage as (typeof lifecycleStages)[number] }
                        : { kind: 'all' },
                    )
                  }
                  clearable
                  w={200}
                />
                <Select
                  label={t('filters.company')}
                  placeholder={t('filters.anyCompany')}
                  data={(companies.data ?? []).map((company) => ({ value: company.id, label: company.name }))}
                  value={filter.kind === 'company' ? filter.companyId : null}
                  onChange={(companyId) => change(companyId ? { kind: 'company', companyId } : { kind: 'all' })}
                  clearable
                  searchable
                  w={220}
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
      {viewId ? (
        <SegmentContacts segmentId={viewId} limit={limit} owners={owners.data} companies={companies.data} />
      ) : (
        <FilteredContacts filter={filter} limit={limit} owners={owners.data} companies={companies.data} />
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
