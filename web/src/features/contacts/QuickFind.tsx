import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { SearchContactsQuery } from '#shared/contacts/contact.schema.ts';
import { useContactSearch } from './api';
import { contactName } from './ContactsTable';

/**
 * Quick find (GET /contacts/search): an email, or the start of a first, last or full name in any script.
 * A combobox: type, arrow to a match, Enter opens the contact. Memoised: it has no props, so the list page's
 * renders (its data arriving) pass it by.
 */
export const QuickFind = memo(function QuickFind() {
  const { t } = useTranslation('contacts');
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // The API's own rule for what it can look up (an email, or at least two letters of a name).
  const searchable = debounced !== '' && SearchContactsQuery.safeParse({ q: debounced }).success;
  const found = useContactSearch(debounced, searchable);
  const options = searchable
    ? (found.data?.items ?? []).map((contact) => {
        const email = contact.emailDisplay ?? contact.email;
        const name = contactName(contact);
        return { value: contact.id, label: name ? `${name} · ${email}` : email };
      })
    : [];
  const message = !searchable
    ? t('quickFind.hint')
    : found.isFetching
      ? t('quickFind.searching')
      : found.isError
        ? (found.error as Error).message
        : t('quickFind.none');
  return (
    <Select
      label={t('quickFind.label')}
      placeholder={t('quickFind.placeholder')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      value={null}
      onChange={(contactId) => {
        if (contactId) void navigate(`/contacts/${contactId}`);
      }}
      data={options}
      filter={({ options: all }) => all}
      nothingFoundMessage={message}
      w={{ base: '100%', sm: 420 }}
      dir="auto"
    />
  );
});
