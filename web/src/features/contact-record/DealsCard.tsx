import { Badge, Card, Skeleton, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useDeals, usePipelines } from './api';

const statusColor = { open: 'blue', won: 'green', lost: 'red' } as const;

/** The contact's deals, each with its stage and amount. */
export function DealsCard({ contactId }: { contactId: string }) {
  const { t } = useTranslation('contact-record');
  const format = useFormat();
  const deals = useDeals(contactId);
  const pipelines = usePipelines();
  const stageName = (pipelineId: string, stageId: string) =>
    pipelines.data?.items.find((pipeline) => pipeline.id === pipelineId)?.stages.find((stage) => stage.id === stageId)
      ?.name ?? stageId;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="deals-title" data-testid="deals-card">
      <Title order={2} size="h4" id="deals-title" mb="sm">
        {t('deals.title')}
      </Title>
      {deals.isPending ? <Skeleton h={60} /> : null}
      {deals.isError ? <ProblemAlert error={deals.error} /> : null}
      {deals.data && deals.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('deals.none')}
        </Text>
      ) : null}
      {deals.data && deals.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={480}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('deals.name')}</Table.Th>
                <Table.Th>{t('deals.stage')}</Table.Th>
                <Table.Th ta="end">{t('deals.amount')}</Table.Th>
                <Table.Th>{t('deals.closeDate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deals.data.items.map((deal) => (
                <Table.Tr key={deal.id}>
                  <Table.Td dir="auto">{deal.name}</Table.Td>
                  <Table.Td>
                    <span dir="auto">{stageName(deal.pipelineId, deal.stageId)}</span>{' '}
                    <Badge size="xs" variant="light" color={statusColor[deal.status]} c="dark.7">
                      {t(`deals.status.${deal.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="end">{format.money(deal.amount, deal.currency)}</Table.Td>
                  <Table.Td>{deal.closeDate ? format.date(deal.closeDate) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Card>
  );
}
