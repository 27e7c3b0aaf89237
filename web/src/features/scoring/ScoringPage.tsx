import { Alert, Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { errorColor, filled } from '../../lib/colors';
import { useMe } from '../../lib/me';
import { useNotifySaved } from '../../lib/notify';
import { useSaveScoringModel, useScoringModel, type ScoringModel } from './api';
import { checkDraft, draftOf, type ModelDraft } from './model-draft';
import { ModelTables } from './ModelTables';
import { RoutingPanel } from './RoutingPanel';
import { TryOnContact } from './TryOnContact';

/** The model's editor: the dry run on a contact above the tables, which the API's schema checks as they change. */
function ModelEditor({ saved, mayChange }: { saved: ScoringModel | null; mayChange: boolean }) {
  const { t } = useTranslation('scoring');
  const [draft, setDraft] = useState<ModelDraft>(() => draftOf(saved));
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const save = useSaveScoringModel();
  const notifySaved = useNotifySaved();
  const checked = checkDraft(draft);
  const errors = checked.ok ? apiErrors : { ...apiErrors, ...checked.errors };
  const stale = save.error instanceof ProblemError && save.error.status === 412;
  const update = (change: (before: ModelDraft) => ModelDraft) => {
    setDraft(change);
    setApiErrors({});
  };
  return (
    <Stack>
      <TryOnContact model={checked.ok ? checked.model : undefined} invalid={!checked.ok} />
      <form
        style={errorColor}
        aria-label={t('model.title')}
        onSubmit={(event) => {
          event.preventDefault();
          if (!checked.ok) return;
          // mutateAsync: the refetch after saving re-keys this editor (a new version) while the other scoring
          // queries still load, and mutate's callbacks die with it; the promise does not.
          save.mutateAsync({ model: checked.model, version: saved?.version }).then(
            () => notifySaved(t('model.saved')),
            (error: unknown) => error instanceof ProblemError && setApiErrors(error.fieldErrors()),
          );
        }}
      >
        <Stack>
          {stale ? (
            <Alert color="yellow" title={t('model.staleTitle')}>
              {t('model.stale')}
            </Alert>
          ) : (
            <ProblemAlert error={save.error} />
          )}
          <ModelTables draft={draft} errors={errors} update={update} />
          {!checked.ok ? (
            <Text size="sm" c="red.9" role="status">
              {t('model.fixErrors', { count: Object.keys(checked.errors).length })}
            </Text>
          ) : null}
          <Group justify="flex-end">
            {mayChange ? (
              <Button color={filled} type="submit" loading={save.isPending} disabled={!checked.ok}>
                {t('model.save')}
              </Button>
            ) : (
              <Text size="sm">{t('model.readOnly')}</Text>
            )}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function ModelPanel() {
  const me = useMe();
  const model = useScoringModel();
  if (model.isPending) return <PageLoader />;
  if (model.error) return <ProblemAlert error={model.error} />;
  // A new version from the API (after a save, or a reload after a 412) starts the editor afresh from it.
  return (
    <ModelEditor key={model.data?.version ?? 0} saved={model.data} mayChange={me.hasAnyRole(['admin', 'marketing'])} />
  );
}

/**
 * Scoring: the scoring model as editable tables with "try it on a contact", and for admins the routing policy
 * that shares the leads it qualifies (`/scoring/routing`).
 */
export function ScoringPage() {
  const { t } = useTranslation('scoring');
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const tab = location.pathname.endsWith('/routing') ? 'routing' : 'model';
  return (
    <Stack>
      <Title order={1}>{t('title')}</Title>
      <Tabs
        value={tab}
        onChange={(value) => void navigate(value === 'routing' ? '/scoring/routing' : '/scoring')}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="model">{t('model.title')}</Tabs.Tab>
          {me.hasAnyRole(['admin']) || tab === 'routing' ? (
            <Tabs.Tab value="routing">{t('routing.title')}</Tabs.Tab>
          ) : null}
        </Tabs.List>
        <Tabs.Panel value="model" pt="md">
          <ModelPanel />
        </Tabs.Panel>
        <Tabs.Panel value="routing" pt="md">
          {me.hasAnyRole(['admin']) ? (
            <RoutingPanel />
          ) : (
            <Alert color="yellow" title={t('routing.adminsOnly')}>
              {t('routing.adminsOnlyDetail')}
            </Alert>
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
