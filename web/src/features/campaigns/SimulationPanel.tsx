import { Button, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type * as z from 'zod';
import { useTranslation } from 'react-i18next';
import { SimulatedContacts } from '#shared/campaigns/simulated-contact.schema.ts';
import type { StepPassage } from '#shared/campaigns/simulation.ts';
import { useFormat } from '../../lib/format';

export interface SimulationRequest {
  contacts: z.infer<typeof SimulatedContacts>;
  start: Date;
}

/**
 * The simulation's inputs (sample contacts as JSON, how they behave, and the start) and its run. The run is
 * `simulateJourneyByStep`, the same code as `npm run campaign -- simulate`; its numbers land on the canvas.
 */
export function SimulationPanel({
  initialContacts,
  canRun,
  onRun,
}: {
  initialContacts: z.infer<typeof SimulatedContacts>;
  canRun: boolean;
  onRun(request: SimulationRequest): void;
}) {
  const { t } = useTranslation('campaigns');
  const [text, setText] = useState(() => JSON.stringify(initialContacts, null, 2));
  const [start, setStart] = useState(() => new Date().toISOString().slice(0, 16));
  const [error, setError] = useState<string>();
  const run = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (problem) {
      setError((problem as Error).message);
      return;
    }
    const contacts = SimulatedContacts.safeParse(parsed);
    const at = new Date(`${start}Z`);
    if (!contacts.success) {
      setError(contacts.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      return;
    }
    if (Number.isNaN(at.getTime())) {
      setError(t('simulate.badStart'));
      return;
    }
    setError(undefined);
    onRun({ contacts: contacts.data, start: at });
  };
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('simulate.title')}
      </Title>
      <Text size="sm">{t('simulate.intro')}</Text>
      <TextInput
        label={t('simulate.start')}
        type="datetime-local"
        value={start}
        onChange={(event) => setStart(event.currentTarget.value)}
      />
      <Textarea
        label={t('simulate.contacts')}
        description={t('simulate.contactsHint')}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        error={error}
        autosize
        minRows={8}
        maxRows={16}
        ff="monospace"
        dir="ltr"
        spellCheck={false}
      />
      <Button onClick={run} disabled={!canRun}>
        {t('simulate.run')}
      </Button>
      {canRun ? null : <Text size="sm">{t('simulate.fixFirst')}</Text>}
    </Stack>
  );
}

/** Who passed through a step in the simulation, when, and why (a branch's arm, a wait's end, a reason to leave). */
export function PassagesTable({ passages }: { passages: StepPassage[] }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  if (!passages.length) return <Text size="sm">{t('simulate.nobody')}</Text>;
  const why = (passage: StepPassage) => {
    switch (passage.what) {
      case 'email':
        return passage.variantId
          ? t('why.emailVariant', { variant: passage.variantId, subject: passage.subject })
          : t('why.email', { subject: passage.subject });
      case 'wait':
        return t('why.wait', { until: format.dateTime(passage.until as string) });
      case 'deferred':
        return t(`why.${passage.reason === 'frequency-cap' ? 'frequencyCap' : 'sendWindow'}`, {
          until: format.dateTime(passage.until as string),
        });
      case 'branch':
        return t(`why.${passage.outcome === 'then' ? 'then' : 'else'}`);
      case 'goal':
        return t(passage.outcome === 'met' ? 'why.goalMet' : 'why.goalNotMet');
      case 'ended':
        return t('why.ended', { reason: t(`end.${passage.reason}`, { defaultValue: passage.reason }) });
      default:
        return t(`why.${passage.what === 'update' ? 'update' : 'notify'}`);
    }
  };
  return (
    <Table striped aria-label={t('simulate.who')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('simulate.contact')}</Table.Th>
          <Table.Th>{t('simulate.when')}</Table.Th>
          <Table.Th>{t('simulate.what')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {passages.map((passage, index) => (
          <Table.Tr key={index}>
            <Table.Td dir="ltr">{passage.contact}</Table.Td>
            <Table.Td>{format.dateTime(passage.at)}</Table.Td>
            <Table.Td dir="auto">{why(passage)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
