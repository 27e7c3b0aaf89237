import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import type { Company, Contact, Owner } from './api';

export function contactName(contact: Pick<Contact, 'firstName' | 'lastName'>): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ');
}

/** One page of contacts; each row's name is a link to the contact's record. */
export function ContactsTable({
  contacts,
  owners,
  companies,
}: {
  contacts: Contact[];
  owners: Owner[] | undefined;
  companies: Company[] | undefined;
}) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const ownerName = new Map((owners ?? []).map((owner) => [owner.id, owner.name]));
  const companyName = new Map((companies ?? []).map((company) => [company.id, company.name]));
  if (contacts.length === 0) return <Text py="lg">{t('table.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover aria-label={t('table.label')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.name')}</Table.Th>
            <Table.Th>{t('columns.email')}</Table.Th>
            <Table.Th>{t('columns.company')}</Table.Th>
            <Table.Th>{t('columns.owner')}</Table.Th>
            <Table.Th>{t('columns.stage')}</Table.Th>
            <Table.Th>{t('columns.score')}</Table.Th>
            <Table.Th>{t('columns.created')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.map((contact) => {
            const name = contactName(contact);
            const email = contact.emailDisplay ?? contact.email;
            return (
              <Table.Tr key={contact.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/contacts/${contact.id}`} dir="auto">
                    {name || email}
                  </Anchor>
                </Table.Td>
                <Table.Td dir="auto">{email}</Table.Td>
                <Table.Td dir="auto">
                  {contact.companyId ? (
                    <Anchor component={Link} to={`/companies/${contact.companyId}`}>
                      {companyName.get(contact.companyId) ?? contact.companyName ?? t('table.company')}
                    </Anchor>
                  ) : (
                    contact.companyName
                  )}
                </Table.Td>
                <Table.Td dir="auto">
                  {contact.ownerId ? (ownerName.get(contact.ownerId) ?? contact.ownerId) : t('table.unowned')}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color="indigo">
                    {t(`stages.${contact.lifecycleStage}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {contact.leadScore
                    ? t('table.score', {
                        score: format.number(contact.leadScore.total),
                        grade: contact.leadScore.grade,
                      })
                    : '—'}
                </Table.Td>
                <Table.Td>
                  <time dateTime={contact.createdAt}>{format.date(contact.createdAt)}</time>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
