import { Anchor, Badge, Box, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useCampaign, useCampaignVersion, useCampaignVersions } from './api';
import { yamlOf } from './journey-yaml.ts';
import { sideBySide, stepChanges, type DiffRow } from './versions-diff.ts';

const rowColor: Record<DiffRow['kind'], { left?: string; right?: string }> = {
  same: {},
  changed: { left: 'var(--mantine-color-red-0)', right: 'var(--mantine-color-green-0)' },
  removed: { left: 'var(--mantine-color-red-0)' },
  added: { right: 'var(--mantine-color-green-0)' },
};

/** A campaign's published versions, and any two of them (or one and the draft) side by side. */
export function VersionsPage() {
  const { campaignId = '' } = useParams();
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const campaign = useCampaign(campaignId);
  const versions = useCampaignVersions(campaignId);
  const newest = campaign.data?.publishedVersion ?? 0;
  const [left, setLeft] = useState<string | null>(null);
  const [right, setRight] = useState<string | null>(null);
  const leftChoice = left ?? (newest > 1 ? String(newest - 1) : newest ? String(newest) : 'draft');
  const rightChoice = right ?? (newest > 1 ? String(newest) : 'draft');
  const numberOf = (choice: string) => (choice === 'draft' ? undefined : Number(choice));
  const leftVersion = useCampaignVersion(campaignId, numberOf(leftChoice));
  const rightVersion = useCampaignVersion(campaignId, numberOf(rightChoice));
  const definitionOf = (choice: string, version: typeof leftVersion) =>
    choice === 'draft' ? campaign.data?.draft : version.data?.definition;
  const before = definitionOf(leftChoice, leftVersion);
  const after = definitionOf(rightChoice, rightVersion);
  const rows = useMemo(
    () => (before && after ? sideBySide(yamlOf(before).text, yamlOf(after).text) : undefined),
    [before, after],
  );
  const changes = before && after ? stepChanges(before, after) : undefined;
  if (campaign.isPending || versions.isPending) return <PageLoader />;
  const options = [
    { value: 'draft', label: t('versions.draft') },
    ...(versions.data ?? []).map((version) => ({
      value: String(version.number),
      label: t('versions.option', {
        number: format.number(version.number),
        date: format.dateTime(version.publishedAt),
      }),
    })),
  ];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('versions.title', { name: campaign.data?.name ?? '' })}</Title>
        <Anchor component={Link} to={`/campaigns/${campaignId}`}>
          {t('versions.back')}
        </Anchor>
      </Group>
      <ProblemAlert error={campaign.error ?? versions.error ?? leftVersion.error ?? rightVersion.error} />
      <Table.ScrollContainer minWidth={560}>
        <Table striped aria-label={t('versions.list')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('versions.number')}</Table.Th>
              <Table.Th>{t('versions.name')}</Table.Th>
              <Table.Th>{t('versions.publishedAt')}</Table.Th>
              <Table.Th>{t('versions.publishedBy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(versions.data ?? []).map((version) => (
              <Table.Tr key={version.number}>
                <Table.Td>
                  {format.number(version.number)}{' '}
                  {version.number === newest ? (
                    <Badge size="sm" variant="light" color="green" c="dark">
                      {t('versions.live')}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td dir="auto">{version.name}</Table.Td>
                <Table.Td>{format.dateTime(version.publishedAt)}</Table.Td>
                <Table.Td dir="ltr">{version.publishedBy}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Select
          label={t('versions.compare')}
          data={options}
          value={leftChoice}
          onChange={setLeft}
          allowDeselect={false}
        />
        <Select
          label={t('versions.with')}
          data={options}
          value={rightChoice}
          onChange={setRight}
          allowDeselect={false}
        />
      </Group>
      {changes ? (
        <Text size="sm" data-testid="step-changes">
          {t('versions.changes', {
            added: changes.added.join(', ') || '—',
            removed: changes.removed.join(', ') || '—',
            changed: changes.changed.join(', ') || '—',
          })}
        </Text>
      ) : null}
      {rows ? (
        <Box style={{ overflowX: 'auto' }} dir="ltr">
          <Table
            withColumnBorders
            ff="monospace"
            fz="xs"
            aria-label={t('versions.diff')}
            data-testid="version-diff"
            style={{ tableLayout: 'fixed', minWidth: 900 }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th colSpan={2}>{options.find((option) => option.value === leftChoice)?.label}</Table.Th>
                <Table.Th colSpan={2}>{options.find((option) => option.value === rightChoice)?.label}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => (
                <Table.Tr key={index} data-kind={row.kind}>
                  <Table.Td w={40} c="dimmed">
                    {row.left?.number ?? ''}
                  </Table.Td>
                  <Table.Td
                    style={{ background: rowColor[row.kind].left, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
                  >
                    {row.left ? `${row.kind === 'same' ? ' ' : '−'} ${row.left.text}` : ''}
                  </Table.Td>
                  <Table.Td w={40} c="dimmed">
                    {row.right?.number ?? ''}
                  </Table.Td>
                  <Table.Td
                    style={{ background: rowColor[row.kind].right, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
                  >
                    {row.right ? `${row.kind === 'same' ? ' ' : '+'} ${row.right.text}` : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      ) : (
        <PageLoader />
      )}
    </Stack>
  );
}
