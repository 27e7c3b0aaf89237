import { Alert, Badge, Group, Loader, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchContactsQuery } from '#shared/contacts/contact.schema.ts';
import type { ScoringModelInput } from '#shared/scoring/scoring-model.schema.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useContactSearch, useSavedScore, useTriedScore, type FoundContact, type LeadScore } from './api';
import { compareExplanations } from './model-draft';

const nameOf = (contact: FoundContact) =>
  [contact.firstName, contact.lastName].filter(Boolean).join(' ') || (contact.emailDisplay ?? contact.email);

/** Picks a contact with the quick find: an email, or the start of a name in any script. */
function ContactPicker({ onPick }: { onPick: (contact: FoundContact) => void }) {
  const { t } = useTranslation('scoring');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const searchable = debounced !== '' && SearchContactsQuery.safeParse({ q: debounced }).success;
  const found = useContactSearch(debounced, searchable);
  const items = searchable ? (found.data?.items ?? []) : [];
  return (
    <Select
      label={t('try.contact')}
      placeholder={t('try.contactPlaceholder')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      value={null}
      onChange={(contactId) => {
        const contact = items.find((item) => item.id === contactId);
        if (contact) onPick(contact);
      }}
      data={items.map((contact) => ({
        value: contact.id,
        label: `${nameOf(contact)} · ${contact.emailDisplay ?? contact.email}`,
      }))}
      filter={({ options }) => options}
      nothingFoundMessage={!searchable ? t('try.hint') : found.isFetching ? t('try.searching') : t('try.none')}
      dir="auto"
      w={{ base: '100%', sm: 420 }}
    />
  );
}

function ScoreLine({ label, score, testId }: { label: string; score: LeadScore; testId: string }) {
  const { t } = useTranslation('scoring');
  const format = useFormat();
  return (
    <Group gap="xs" data-testid={testId}>
      <Text fw={600}>{label}</Text>
      <Text>{t('try.total', { total: format.number(score.total) })}</Text>
      <Badge variant="outline" color="dark">
        {t('try.grade', { grade: score.grade })}
      </Badge>
      <Badge variant="light" color="indigo" c="dark">
        {t(`stageNames.${score.stage}`)}
      </Badge>
    </Group>
  );
}

/**
 * "Try it on a contact": the score and rule-by-rule explanation the model as edited would give the chosen
 * contact now (the API's dry run, nothing written), beside what the saved model gives.
 */
export function TryOnContact({ model, invalid }: { model: ScoringModelInput | undefined; invalid: boolean }) {
  const { t } = useTranslation('scoring');
  const format = useFormat();
  const [contact, setContact] = useState<FoundContact | undefined>();
  // Ask once the typing pauses: each model asks the API once (and is cached).
  const [settledModel] = useDebouncedValue(model, 300);
  const saved = useSavedScore(contact?.id);
  const tried = useTriedScore(contact?.id, settledModel);
  const rows =
    tried.data || saved.data ? compareExplanations(saved.data?.explanation ?? [], tried.data?.explanation ?? []) : [];
  const points = (value: number | undefined) => (value === undefined ? '—' : format.number(value));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="try-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="try-title">
          {t('try.title')}
        </Title>
        <Text size="sm">{t('try.intro')}</Text>
        <Group align="end">
          <ContactPicker onPick={setContact} />
        </Group>
        {contact ? (
          <Text size="sm" data-testid="tried-contact" dir="auto">
            {t('try.trying', { name: nameOf(contact) })}
          </Text>
        ) : null}
        {contact && invalid ? (
          <Alert color="yellow" title={t('try.invalidTitle')}>
            {t('try.invalid')}
          </Alert>
        ) : null}
        <ProblemAlert error={tried.error ?? saved.error} />
        {contact && (tried.isFetching || saved.isPending) ? (
          <Loader size="sm" role="status" aria-label={t('try.scoring')} />
        ) : null}
        {contact && saved.data === null ? <Text size="sm">{t('try.noSavedModel')}</Text> : null}
        {contact && saved.data ? (
          <ScoreLine label={t('try.savedModel')} score={saved.data} testId="saved-score" />
        ) : null}
        {contact && tried.data && !invalid ? (
          <ScoreLine label={t('try.thisModel')} score={tried.data} testId="tried-score" />
        ) : null}
        {contact && rows.length > 0 ? (
          <Table aria-label={t('try.explanation')} data-testid="explanation">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('try.rule')}</Table.Th>
                <Table.Th>{t('try.kind')}</Table.Th>
                <Table.Th>{t('try.savedPoints')}</Table.Th>
                <Table.Th>{t('try.triedPoints')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.ruleId} data-rule={row.ruleId}>
                  <Table.Td dir="auto">
                    {row.ruleName}
                    {row.occurrences !== undefined ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {t('try.occurrences', { count: row.occurrences, formatted: format.number(row.occurrences) })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{t(`try.kinds.${row.kind}`)}</Table.Td>
                  <Table.Td>{points(row.saved)}</Table.Td>
                  <Table.Td fw={row.saved !== row.tried ? 700 : undefined}>{points(row.tried)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {contact && tried.data && rows.length === 0 ? <Text size="sm">{t('try.noRules')}</Text> : null}
      </Stack>
    </Paper>
  );
}
