import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useCampaigns } from './api';
import { statusColor } from './status';

/** The campaigns, by name, with their status and published version; a new journey starts from here. */
export function CampaignsPage() {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  const campaigns = useCampaigns();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('title')}</Title>
        <Button component={Link} to="/campaigns/new">
          {t('list.new')}
        </Button>
      </Group>
      <ProblemAlert error={campaigns.error} />
      {campaigns.isPending ? <PageLoader /> : null}
      {campaigns.data && campaigns.data.length === 0 ? <Text py="lg">{t('list.empty')}</Text> : null}
      {campaigns.data && campaigns.data.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover aria-label={t('list.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.name')}</Table.Th>
                <Table.Th>{t('list.status')}</Table.Th>
                <Table.Th>{t('list.version')}</Table.Th>
                <Table.Th>{t('list.updated')}</Table.Th>
                <Table.Th>{t('list.results')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {campaigns.data.map((campaign) => (
                <Table.Tr key={campaign.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/campaigns/${campaign.id}`} dir="auto">
                      {campaign.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[campaign.status]} variant="light" c="dark">
                      {t(`status.${campaign.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {campaign.publishedVersion ? format.number(campaign.publishedVersion) : t('list.unpublished')}
                  </Table.Td>
                  <Table.Td>{format.dateTime(campaign.updatedAt)}</Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/campaigns/${campaign.id}/results`}
                      aria-label={t('list.resultsOf', { name: campaign.name })}
                    >
                      {t('list.results')}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
