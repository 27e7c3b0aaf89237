import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MoveDealRequest } from '#shared/deals/deal.schema.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import type { BoardDeal } from './api';
import type { StageLike } from './board-model';

/**
 * Asks why a deal was won or lost before it moves. The reason is checked with the API's own schema
 * (MoveDealRequest); whether it is required (it is for lost) the API says, on the field.
 */
export function ReasonModal({
  closing,
  onClose,
  onConfirm,
}: {
  closing: { deal: BoardDeal; stage: StageLike } | undefined;
  onClose: () => void;
  onConfirm: (reason: string | undefined) => Promise<void>;
}) {
  const { t } = useTranslation('deals');
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  useEffect(() => {
    setReason('');
    setFieldError(undefined);
    setFailure(undefined);
  }, [closing]);
  if (!closing) return <Modal opened={false} onClose={onClose} />;
  const { deal, stage } = closing;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const request = { stageId: stage.id, ...(reason.trim() ? { reason } : {}) };
    const checked = MoveDealRequest.safeParse(request);
    if (!checked.success) {
      setFieldError(checked.error.issues.find((issue) => issue.path[0] === 'reason')?.message);
      return;
    }
    setSending(true);
    setFieldError(undefined);
    setFailure(undefined);
    try {
      await onConfirm(checked.data.reason);
    } catch (error) {
      const onField = error instanceof ProblemError ? error.fieldErrors().reason : undefined;
      if (onField) setFieldError(onField);
      else setFailure(error);
    } finally {
      setSending(false);
    }
  }

  const lost = stage.kind === 'lost';
  return (
    <Modal
      opened
      onClose={onClose}
      title={t(lost ? 'reason.titleLost' : 'reason.titleWon', { name: deal.name })}
      closeButtonProps={{ 'aria-label': t('reason.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <ProblemAlert error={failure} />
          <Textarea
            label={t('reason.label')}
            description={t(lost ? 'reason.hintLost' : 'reason.hintWon')}
            withAsterisk={lost}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={fieldError}
            autosize
            minRows={2}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('reason.cancel')}
            </Button>
            <Button type="submit" loading={sending} color={lost ? 'red' : 'teal'}>
              {t('reason.confirm', { stage: stage.name })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
