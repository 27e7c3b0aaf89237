import { NativeSelect, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { lifecycleStages, type LifecycleStage } from '#shared/contacts/contact.schema.ts';
import { useFormat } from '../../lib/format';

/**
 * The stage labels of the file that Relay does not know (stageLabelsToMap), each with a picker for the
 * Relay stage it stands for; a label left alone imports its rows without a stage, with a warning.
 */
export function StageLabelsTable({
  labels,
  chosen,
  onStage,
}: {
  labels: { label: string; rows: number }[];
  chosen: readonly { label: string; stage: LifecycleStage }[];
  onStage: (label: string, stage: LifecycleStage | undefined) => void;
}) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const stageOf = new Map(chosen.map(({ label, stage }) => [label, stage]));
  return (
    <Table aria-label={t('stages.label')} verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('stages.fileLabel')}</Table.Th>
          <Table.Th>{t('stages.rows')}</Table.Th>
          <Table.Th>{t('stages.relayStage')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {labels.map(({ label, rows }) => (
          <Table.Tr key={label}>
            <Table.Td dir="auto">{label}</Table.Td>
            <Table.Td>{format.number(rows)}</Table.Td>
            <Table.Td>
              <NativeSelect
                aria-label={t('stages.readAs', { label })}
                value={stageOf.get(label) ?? ''}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  onStage(
                    label,
                    lifecycleStages.find((stage) => stage === value),
                  );
                }}
                data={[
                  { value: '', label: t('stages.leaveOut') },
                  ...lifecycleStages.map((stage) => ({ value: stage, label: t(`stageNames.${stage}`) })),
                ]}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
