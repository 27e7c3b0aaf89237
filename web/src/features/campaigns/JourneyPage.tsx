import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  FileButton,
  Grid,
  Group,
  Modal,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { simulateJourneyByStep, type JourneySimulation } from '#shared/campaigns/simulation.ts';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useCampaign, useCampaignVersions, useCampaignWrites, useTriggerChoices, type Campaign } from './api';
import { JourneyCanvas } from './JourneyCanvas';
import { stepNodeIds } from './journey-canvas-model.ts';
import { emptyDraft, type DraftDefinition } from './journey-draft.ts';
import { connect, insertStep } from './journey-edits.ts';
import { issuesByField, issuesOf } from './journey-issues.ts';
import { liveOverlay } from './journey-live.ts';
import { LiveNumbersBar, LiveStepNumbers, LiveTotalNumbers, type CanvasNumbers } from './LiveNumbersPanel';
import { useVersionStats } from './numbers-api';
import { sampleContactsFor, summariesByStep } from './journey-simulation.ts';
import { parseYaml } from './journey-yaml.ts';
import { PassagesTable, SimulationPanel, type SimulationRequest } from './SimulationPanel';
import { SettingsPanel } from './SettingsPanel';
import { statusColor } from './status';
import { StepPanel } from './StepPanel';
import { useJourneyEditor } from './use-journey-editor';

/** The YAML a campaign was last saved from in this browser: reopened as written when it still says the same. */
const writtenKey = (campaignId: string) => `relay.journey.written.${campaignId}`;

function writtenFor(campaign: Campaign, handedOver: string | undefined): string | undefined {
  for (const text of [handedOver, globalThis.localStorage?.getItem(writtenKey(campaign.id)) ?? undefined]) {
    if (!text) continue;
    const parsed = parseYaml(text);
    const same = CampaignDefinition.safeParse(parsed.value);
    if (same.success && JSON.stringify(same.data) === JSON.stringify(CampaignDefinition.parse(campaign.draft)))
      return text;
  }
  return undefined;
}

/** A campaign's journey builder (`/campaigns/:id`), or a new journey's (`/campaigns/new`). */
export function JourneyPage() {
  const { campaignId } = useParams();
  const campaign = useCampaign(campaignId);
  const location = useLocation();
  if (campaignId && campaign.isPending) return <PageLoader />;
  if (campaignId && !campaign.data) return <ProblemAlert error={campaign.error} />;
  const handedOver = (location.state as { written?: string } | null)?.written;
  return (
    <JourneyBuilder
      key={campaignId ?? 'new'}
      campaign={campaign.data}
      initialText={campaign.data ? writtenFor(campaign.data, handedOver) : undefined}
    />
  );
}

function JourneyBuilder({
  campaign,
  initialText,
}: {
  campaign: Campaign | undefined;
  initialText: string | undefined;
}) {
  const { t, i18n } = useTranslation('campaigns');
  const navigate = useNavigate();
  const me = useMe();
  const format = useFormat();
  const editor = useJourneyEditor((campaign?.draft as DraftDefinition | undefined) ?? emptyDraft(), initialText);
  const writes = useCampaignWrites(campaign?.id);
  const choices = useTriggerChoices();
  const [selected, setSelected] = useState<string>('trigger');
  const [tab, setTab] = useState<string | null>('step');
  const [simulation, setSimulation] = useState<{ result: JourneySimulation; start: Date; of: string }>();
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [numbers, setNumbers] = useState<CanvasNumbers>('live');
  const [pickedVersion, setPickedVersion] = useState<number>();
  const { draft } = editor;
  const issues = useMemo(() => issuesOf(draft, i18n.language), [draft, i18n.language]);
  const valid = issues.length === 0 && !editor.yamlProblem;
  const canWrite = me.hasAnyRole(['admin', 'marketing']);
  const archived = campaign?.status === 'archived';
  const readOnly = !canWrite || archived;
  const nodeIds = stepNodeIds(draft.steps);
  const selectedIndex = nodeIds.indexOf(selected);
  // The numbers on the canvas belong to the definition they were simulated on; an edit clears them.
  const current = simulation && simulation.of === JSON.stringify(draft) ? simulation : undefined;
  const summaries = useMemo(
    () => (current ? summariesByStep(current.result.passages, current.start) : undefined),
    [current],
  );
  const selectedStep = draft.steps[selectedIndex];
  // A published journey shows its version's live numbers, unless the marketer asks for a simulation's.
  const liveVersion = campaign?.publishedVersion;
  const shownVersion = pickedVersion ?? liveVersion;
  const showing =
    current && (numbers === 'simulation' || !liveVersion) ? 'simulation' : liveVersion ? 'live' : undefined;
  const versions = useCampaignVersions(campaign?.id ?? '', Boolean(liveVersion));
  const stats = useVersionStats(campaign?.id ?? '', shownVersion, showing === 'live');
  const overlay = useMemo(
    () => (showing === 'live' && stats.data?.stats ? liveOverlay(draft, stats.data, stats.data.stats) : undefined),
    [showing, stats.data, draft],
  );
  const busy =
    writes.create.isPending || writes.saveDraft.isPending || writes.publish.isPending || writes.changeStatus.isPending;
  const failure = writes.create.error ?? writes.saveDraft.error ?? writes.publish.error ?? writes.changeStatus.error;
  const conflict = failure instanceof ProblemError && failure.status === 412;

  const remember = (id: string) => globalThis.localStorage?.setItem(writtenKey(id), editor.yamlText);
  /** Saves the draft if it changed; the campaign as the API has it after. */
  const save = async (): Promise<Campaign | undefined> => {
    if (!campaign) {
      const created = await writes.create.mutateAsync(draft);
      remember(created.id);
      editor.markSaved();
      void navigate(`/campaigns/${created.id}`, { replace: true, state: { written: editor.yamlText } });
      return undefined;
    }
    if (!editor.dirty) return campaign;
    const saved = await writes.saveDraft.mutateAsync({ draft, version: campaign.version });
    remember(saved.id);
    editor.markSaved();
    return saved;
  };
  const publish = async () => {
    const saved = await save();
    if (saved) await writes.publish.mutateAsync({ version: saved.version });
  };
  const setStatus = (status: 'active' | 'paused' | 'archived') =>
    campaign && writes.changeStatus.mutateAsync({ status, version: campaign.version });
  const ignore = () => undefined; // failures show in the alert above the canvas (writes.*.error)

  const runSimulation = ({ contacts, start }: SimulationRequest) => {
    const result = simulateJourneyByStep(CampaignDefinition.parse(draft), contacts, start);
    setSimulation({ result, start, of: JSON.stringify(draft) });
    setNumbers('simulation');
  };
  const openFile = async (file: File | null) => {
    if (file) editor.editYaml(await file.text());
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput
            label={t('builder.name')}
            value={draft.name ?? ''}
            onChange={(event) => editor.edit({ ...draft, name: event.currentTarget.value })}
            error={issues.find((issue) => issue.nodeId === 'trigger' && issue.field === 'name')?.message}
            disabled={readOnly}
            w={320}
            dir="auto"
          />
          {campaign ? (
            <Badge
              color={statusColor[campaign.status]}
              variant="light"
              c="dark"
              size="lg"
              data-testid="campaign-status"
            >
              {t(`status.${campaign.status}`)}
            </Badge>
          ) : null}
          {campaign?.publishedVersion ? (
            <Anchor component={Link} to={`/campaigns/${campaign.id}/versions`}>
              {t('builder.versions', { number: format.number(campaign.publishedVersion) })}
            </Anchor>
          ) : null}
          {campaign ? (
            <Anchor component={Link} to={`/campaigns/${campaign.id}/results`}>
              {t('builder.results')}
            </Anchor>
          ) : null}
        </Group>
        {readOnly ? null : (
          <Group>
            {campaign ? null : (
              <FileButton
                onChange={(file) => void openFile(file)}
                accept=".yaml,.yml,.json,application/yaml,application/json"
              >
                {(props) => (
                  <Button variant="default" {...props}>
                    {t('builder.openFile')}
                  </Button>
                )}
              </FileButton>
            )}
            <Button
              variant="default"
              onClick={() => void save().catch(ignore)}
              disabled={!valid || (campaign !== undefined && !editor.dirty)}
              loading={writes.create.isPending || writes.saveDraft.isPending}
            >
              {t('builder.save')}
            </Button>
            {campaign ? (
              <Button
                onClick={() => void publish().catch(ignore)}
                disabled={!valid || busy}
                loading={writes.publish.isPending}
              >
                {t('builder.publish')}
              </Button>
            ) : null}
            {campaign?.status === 'active' ? (
              <Button variant="light" onClick={() => void setStatus('paused')?.catch(ignore)} disabled={busy}>
                {t('builder.pause')}
              </Button>
            ) : null}
            {campaign?.status === 'paused' ? (
              <Button variant="light" onClick={() => void setStatus('active')?.catch(ignore)} disabled={busy}>
                {t('builder.resume')}
              </Button>
            ) : null}
            {campaign ? (
              <Button variant="subtle" color="red" c="red.9" onClick={() => setConfirmArchive(true)} disabled={busy}>
                {t('builder.archive')}
              </Button>
            ) : null}
          </Group>
        )}
      </Group>
      <VisuallyHidden>
        <Title order={1}>{campaign ? t('builder.title', { name: campaign.name }) : t('builder.newTitle')}</Title>
      </VisuallyHidden>
      {conflict ? (
        <Alert color="orange" title={t('builder.conflictTitle')} role="alert">
          {t('builder.conflict')}
        </Alert>
      ) : (
        <ProblemAlert error={failure} />
      )}
      {archived ? <Alert color="gray">{t('builder.archived')}</Alert> : null}
      {issues.length ? (
        <Alert
          color="red"
          title={t('builder.problems', { count: issues.length, formatted: format.number(issues.length) })}
          data-testid="journey-problems"
        >
          <Stack gap={2}>
            {issues.slice(0, 6).map((issue, index) => (
              <Anchor
                key={index}
                component="button"
                type="button"
                size="sm"
                c="red.9"
                ta="start"
                onClick={() => {
                  setSelected(issue.nodeId);
                  setTab('step');
                }}
              >
                {issue.field ? `${issue.nodeId.replace(/^step:/, '')} · ${issue.field}: ` : ''}
                {issue.message}
              </Anchor>
            ))}
          </Stack>
        </Alert>
      ) : null}
      {liveVersion && shownVersion ? (
        <LiveNumbersBar
          numbers={showing === 'simulation' ? 'simulation' : 'live'}
          onNumbers={setNumbers}
          canShowSimulation={current !== undefined}
          versions={versions.data ?? []}
          version={overlay?.version ?? shownVersion}
          liveVersion={liveVersion}
          onVersion={setPickedVersion}
          overlay={overlay}
          updatedAt={stats.dataUpdatedAt || undefined}
        />
      ) : null}
      {showing === 'live' ? <ProblemAlert error={stats.error} /> : null}
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Box h="calc(100vh - 260px)" mih={520}>
            <JourneyCanvas
              draft={draft}
              issues={issues}
              selected={selected}
              summaries={showing === 'simulation' ? summaries : undefined}
              live={overlay}
              readOnly={readOnly}
              onSelect={(id) => {
                setSelected(id);
                // Watching the numbers, a click on another node shows its numbers; otherwise its panel.
                setTab((current) => (current === 'numbers' ? current : 'step'));
              }}
              onAdd={(place, type) => {
                const added = insertStep(draft, place, type);
                editor.edit(added.draft);
                setSelected(`step:${added.stepId}`);
                setTab('step');
              }}
              onConnect={(stepId, wire, target) => editor.edit(connect(draft, stepId, wire, target))}
            />
          </Box>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="step">{t('builder.stepTab')}</Tabs.Tab>
              <Tabs.Tab value="yaml">{t('builder.yamlTab')}</Tabs.Tab>
              <Tabs.Tab value="simulate">{t('builder.simulateTab')}</Tabs.Tab>
              {liveVersion ? <Tabs.Tab value="numbers">{t('builder.numbersTab')}</Tabs.Tab> : null}
            </Tabs.List>
            <Tabs.Panel value="step" pt="sm">
              {selectedStep ? (
                <Stack>
                  <StepPanel
                    draft={draft}
                    index={selectedIndex}
                    errors={issuesByField(issues, selected)}
                    segments={choices.segments}
                    readOnly={readOnly}
                    campaignId={campaign?.id}
                    canSendTests={canWrite}
                    onEdit={editor.edit}
                    onDeleted={() => setSelected('trigger')}
                  />
                  {summaries && showing === 'simulation' ? (
                    <Stack gap="xs">
                      <Title order={3} size="h5">
                        {t('simulate.who')}
                      </Title>
                      <PassagesTable passages={summaries.get(selectedStep.id)?.passages ?? []} />
                    </Stack>
                  ) : null}
                </Stack>
              ) : (
                <SettingsPanel
                  draft={draft}
                  errors={issuesByField(issues, 'trigger')}
                  forms={choices.forms}
                  segments={choices.segments}
                  readOnly={readOnly}
                  onEdit={editor.edit}
                />
              )}
            </Tabs.Panel>
            <Tabs.Panel value="numbers" pt="sm">
              {!overlay ? (
                <Text size="sm">{t(showing === 'live' ? 'builder.numbersLoading' : 'builder.numbersHidden')}</Text>
              ) : selectedStep ? (
                <LiveStepNumbers
                  stepId={selectedStep.id}
                  node={overlay.nodes.get(selectedStep.id) ?? { kind: 'draft-only' }}
                  version={overlay.version}
                />
              ) : (
                <LiveTotalNumbers overlay={overlay} />
              )}
            </Tabs.Panel>
            <Tabs.Panel value="yaml" pt="sm">
              <Textarea
                label={t('builder.yaml')}
                description={t('builder.yamlHint')}
                value={editor.yamlText}
                onChange={(event) => editor.editYaml(event.currentTarget.value)}
                error={
                  editor.yamlProblem
                    ? editor.yamlProblem.line
                      ? t('builder.yamlLine', { line: editor.yamlProblem.line, message: editor.yamlProblem.message })
                      : editor.yamlProblem.message
                    : undefined
                }
                autosize
                minRows={20}
                maxRows={40}
                ff="monospace"
                dir="ltr"
                spellCheck={false}
                readOnly={readOnly}
              />
            </Tabs.Panel>
            <Tabs.Panel value="simulate" pt="sm">
              <Stack>
                <SimulationPanel initialContacts={sampleContactsFor(draft)} canRun={valid} onRun={runSimulation} />
                {current ? (
                  <Text size="sm" data-testid="simulation-summary">
                    {t('simulate.done', {
                      emails: current.result.entries.filter((entry) => entry.what === 'email').length,
                      contacts: new Set(current.result.entries.map((entry) => entry.contact)).size,
                    })}
                  </Text>
                ) : null}
              </Stack>
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
      </Grid>
      <Modal opened={confirmArchive} onClose={() => setConfirmArchive(false)} title={t('builder.archiveTitle')}>
        <Stack>
          <Text>{t('builder.archiveDetail')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmArchive(false)}>
              {t('builder.cancel')}
            </Button>
            <Button
              color="red"
              onClick={() => {
                setConfirmArchive(false);
                void setStatus('archived')?.catch(ignore);
              }}
            >
              {t('builder.archiveConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
