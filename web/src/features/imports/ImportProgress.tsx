import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';

/**
 * Rows answered out of the file's rows, as an accessible progress bar (its value in rows, not percent), with
 * the Cancel that stops further batches while an import runs.
 */
export function ImportProgress({
  fileName,
  done,
  total,
  onCancel,
  cancelling = false,
}: {
  fileName: string;
  done: number;
  total: number;
  /** Absent once the import has ended. */
  onCancel?: () => void;
  cancelling?: boolean;
}) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const value = t('progress.value', { done: format.number(done), total: format.number(total) });
  return (
    <Stack gap="xs">
      <Text fw={600} id="import-progress-label" dir="auto">
        {t('progress.label', { file: fileName })}
      </Text>
      <Progress.Root
        size="xl"
        role="progressbar"
        aria-labelledby="import-progress-label"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={value}
      >
        <Progress.Section value={total ? (done / total) * 100 : 100} withAria={false} color="indigo" />
      </Progress.Root>
      <Group justify="space-between">
        <Text size="sm" aria-hidden>
          {value}
        </Text>
        {onCancel ? (
          <Button variant="default" onClick={onCancel} disabled={cancelling}>
            {cancelling ? t('progress.cancelling') : t('progress.cancel')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
