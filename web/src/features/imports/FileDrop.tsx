import { FileButton, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { maxCsvFileBytes } from './csv-file';

/**
 * Where a CSV file comes in: one button that opens the file chooser (keyboard and screen readers use it
 * as any button) and takes a file dropped on it, as Mantine's Dropzone does, without its package.
 */
export function FileDrop({
  onFile,
  busy,
  compact = false,
}: {
  onFile: (file: File) => void;
  busy: boolean;
  /** Smaller, once a file is loaded (another may still be dropped). */
  compact?: boolean;
}) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !busy) onFile(file);
  };
  return (
    <FileButton onChange={(file) => file && onFile(file)} accept=".csv,text/csv,text/plain">
      {(props) => (
        <UnstyledButton
          {...props}
          w="100%"
          disabled={busy}
          aria-describedby="csv-drop-hint"
          onDragOver={(event: DragEvent) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
        >
          <Paper
            withBorder
            p={compact ? 'sm' : 'xl'}
            radius="md"
            style={{
              borderStyle: 'dashed',
              borderWidth: 2,
              borderColor: over ? 'var(--mantine-color-indigo-6)' : undefined,
              background: over ? 'var(--mantine-color-indigo-0)' : undefined,
            }}
          >
            <Stack align="center" gap={4}>
              {compact ? null : <IconFileTypeCsv size={36} stroke={1.5} aria-hidden />}
              <Text fw={600}>{busy ? t('file.reading') : t('file.drop')}</Text>
              <Text size="sm" c="dimmed" id="csv-drop-hint">
                {t('file.hint', { max: format.number(maxCsvFileBytes / 1024 / 1024) })}
              </Text>
            </Stack>
          </Paper>
        </UnstyledButton>
      )}
    </FileButton>
  );
}
