import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { companySizes, UpdateCompanyRequest } from '#shared/companies/company.schema.ts';
import { CursorPager } from '../../components/CursorPager';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useCursorStack } from '../../lib/cursor-stack';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useFieldsForm, zodFieldErrors } from '../../lib/zod-form';
import {
  useCompany,
  useCompanyContacts,
  useCompanyDeals,
  useOwners,
  useUpdateCompany,
  type Company,
  type CompanyPatch,
  type Owner,
} from './api';
import { companyPatchOf, formValuesOf } from './company-patch';

const sectionPageSize = 10;

function usePagerLabels(page: number) {
  const { t } = useTranslation('companies');
  const format = useFormat();
  return {
    previous: t('pager.previous'),
    next: t('pager.next'),
    page: t('pager.page', { page: format.number(page) }),
    navigation: t('pager.label'),
  };
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text dir="auto">{children ?? '—'}</Text>
    </div>
  );
}

function CompanyDetails({ company, owners }: { company: Company; owners: Owner[] | undefined }) {
  const { t } = useTranslation('companies');
  const format = useFormat();
  const owner = owners?.find((candidate) => candidate.id === company.ownerId);
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <Detail label={t('fields.domain')}>{company.domain}</Detail>
      <Detail label={t('fields.industry')}>{company.industry}</Detail>
      <Detail label={t('fields.size')}>{company.size ? t('sizeEmployees', { size: company.size }) : undefined}</Detail>
      <Detail label={t('fields.country')}>{company.country}</Detail>
      <Detail label={t('fields.annualRevenue')}>
        {company.annualRevenue === undefined ? undefined : format.number(company.annualRevenue)}
      </Detail>
      <Detail label={t('fields.owner')}>{company.ownerId ? (owner?.name ?? company.ownerId) : t('unowned')}</Detail>
      <Detail label={t('fields.created')}>{format.date(company.createdAt)}</Detail>
      <Detail label={t('fields.updated')}>{format.dateTime(company.updatedAt)}</Detail>
    </SimpleGrid>
  );
}

/** Edits the company with If-Match; a 412 tells the person someone else changed it, and shows the new version. */
function CompanyEditor({
  company,
  owners,
  onDone,
  onStale,
}: {
  company: Company;
  owners: Owner[] | undefined;
  onDone: () => void;
  onStale: () => void;
}) {
  const { t } = useTranslation('companies');
  const form = useFieldsForm(formValuesOf(company));
  const update = useUpdateCompany(company.id);
  const submit = async () => {
    const patch = companyPatchOf(company, form.values);
    if (Object.keys(patch).length === 0) return onDone();
    const errors = zodFieldErrors(UpdateCompanyRequest, patch);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      await update.mutateAsync({ patch: patch as CompanyPatch, version: company.version });
      onDone();
    } catch (error) {
      if (error instanceof ProblemError && error.status === 412) return onStale();
      if (error instanceof ProblemError) form.setErrors(error.fieldErrors());
    }
  };
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <ProblemAlert error={update.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.name')} required dir="auto" {...form.text('name')} />
          <TextInput label={t('fields.domain')} dir="ltr" {...form.text('domain')} />
          <TextInput label={t('fields.industry')} dir="auto" {...form.text('industry')} />
          <Select
            label={t('fields.size')}
            data={companySizes.map((size) => ({ value: size, label: t('sizeEmployees', { size }) }))}
            value={form.values.size || null}
            onChange={(size) => form.set('size', size ?? '')}
            error={form.errors.size}
            clearable
          />
          <TextInput label={t('fields.country')} description={t('countryHint')} {...form.text('country')} />
          <TextInput label={t('fields.annualRevenue')} inputMode="decimal" {...form.text('annualRevenue')} />
          <Select
            label={t('fields.owner')}
            placeholder={t('unowned')}
            data={(owners ?? []).map((owner) => ({ value: owner.id, label: owner.name }))}
            value={form.values.ownerId || null}
            onChange={(ownerId) => form.set('ownerId', ownerId ?? '')}
            error={form.errors.ownerId}
            clearable
            searchable
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CompanyContacts({ companyId }: { companyId: string }) {
  const { t } = useTranslation('companies');
  const pager = useCursorStack(companyId);
  const contacts = useCompanyContacts(companyId, sectionPageSize, pager.cursor);
  const labels = usePagerLabels(pager.page);
  const data = contacts.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="company-contacts">
      <Title order={2} size="h3" id="company-contacts" mb="sm">
        {t('contacts.title')}
      </Title>
      <ProblemAlert error={contacts.error} />
      {contacts.isPending ? <PageLoader /> : null}
      {data && data.items.length === 0 ? <Text>{t('contacts.empty')}</Text> : null}
      {data && data.items.length > 0 ? (
        <Table aria-labelledby="company-contacts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contacts.name')}</Table.Th>
              <Table.Th>{t('contacts.email')}</Table.Th>
              <Table.Th>{t('contacts.jobTitle')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((contact) => {
              const email = contact.emailDisplay ?? contact.email;
              const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
              return (
                <Table.Tr key={contact.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${contact.id}`} dir="auto">
                      {name || email}
                    </Anchor>
                  </Table.Td>
                  <Table.Td dir="auto">{email}</Table.Td>
                  <Table.Td dir="auto">{contact.jobTitle}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : null}
      {data && (pager.hasPrevious || data.nextCursor) ? (
        <CursorPager
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={Boolean(data.nextCursor)}
          onPrevious={pager.previous}
          onNext={() => pager.next(data.nextCursor)}
          busy={contacts.isFetching}
          labels={labels}
        />
      ) : null}
    </Paper>
  );
}

function CompanyDeals({ companyId }: { companyId: string }) {
  const { t } = useTranslation('companies');
  const format = useFormat();
  const pager = useCursorStack(companyId);
  const deals = useCompanyDeals(companyId, sectionPageSize, pager.cursor);
  const labels = usePagerLabels(pager.page);
  const data = deals.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="company-deals">
      <Title order={2} size="h3" id="company-deals" mb="sm">
        {t('deals.title')}
      </Title>
      <ProblemAlert error={deals.error} />
      {deals.isPending ? <PageLoader /> : null}
      {data && data.items.length === 0 ? <Text>{t('deals.empty')}</Text> : null}
      {data && data.items.length > 0 ? (
        <Table aria-labelledby="company-deals">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deals.name')}</Table.Th>
              <Table.Th>{t('deals.status')}</Table.Th>
              <Table.Th>{t('deals.amount')}</Table.Th>
              <Table.Th>{t('deals.closeDate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((deal) => (
              <Table.Tr key={deal.id}>
                <Table.Td dir="auto">{deal.name}</Table.Td>
                <Table.Td>
                  <Badge variant="outline">{t(`deals.statuses.${deal.status}`)}</Badge>
                </Table.Td>
                <Table.Td>{format.money(deal.amount, deal.currency)}</Table.Td>
                <Table.Td>{deal.closeDate ? format.date(deal.closeDate) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {data && (pager.hasPrevious || data.nextCursor) ? (
        <CursorPager
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={Boolean(data.nextCursor)}
          onPrevious={pager.previous}
          onNext={() => pager.next(data.nextCursor)}
          busy={deals.isFetching}
          labels={labels}
        />
      ) : null}
    </Paper>
  );
}

/** A company: its details (editable by who may change it), its contacts, its deals and its owner. */
export function CompanyPage() {
  const { t } = useTranslation('companies');
  const { companyId = '' } = useParams();
  const company = useCompany(companyId);
  const owners = useOwners();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const [stale, setStale] = useState(false);
  if (company.error) return <ProblemAlert error={company.error} />;
  if (!company.data) return <PageLoader />;
  const record = company.data;
  const mayEdit = me.mayChange(['admin', 'marketing', 'sales'], [record.ownerId]);
  return (
    <Stack>
      <Anchor component={Link} to="/companies" size="sm">
        {t('backToList')}
      </Anchor>
      <Group justify="space-between">
        <Title order={1} dir="auto">
          {record.name}
        </Title>
        {mayEdit && !editing ? (
          <Button
            variant="default"
            onClick={() => {
              setStale(false);
              setEditing(true);
            }}
          >
            {t('actions.edit')}
          </Button>
        ) : null}
      </Group>
      {stale ? (
        <Alert color="yellow" title={t('stale.title')} role="alert" withCloseButton onClose={() => setStale(false)}>
          {t('stale.detail')}
        </Alert>
      ) : null}
      <Paper withBorder p="md" component="section" aria-label={t('details')}>
        {editing ? (
          <CompanyEditor
            key={record.version}
            company={record}
            owners={owners.data}
            onDone={() => setEditing(false)}
            onStale={() => {
              setEditing(false);
              setStale(true);
              void company.refetch();
            }}
          />
        ) : (
          <CompanyDetails company={record} owners={owners.data} />
        )}
      </Paper>
      <CompanyContacts companyId={record.id} />
      <CompanyDeals companyId={record.id} />
    </Stack>
  );
}
