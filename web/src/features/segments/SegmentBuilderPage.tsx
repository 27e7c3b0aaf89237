import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { UpdateSegmentRequest } from '#shared/segments/segment.schema.ts';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { errorColor, filled } from '../../lib/colors';
import { shownErrors } from '../../lib/validate';
import { useMe } from '../../lib/me';
import { useOwners } from '../../lib/owners';
import { useNotifySaved } from '../../lib/notify';
import { useCompanyChoices, useDeleteSegment, useSaveSegment, useSegment, type Segment } from './api';
import { CriteriaFields } from './CriteriaFields';
import { LiveCount } from './LiveCount';
import { checkFilter, checkSegment, draftOf, errorAt, type SegmentDraft } from './segment-draft';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The merge patch from the saved segment to the builder's: changed members only, null clears the description. */
function patchOf(segment: Segment, request: { name: string; description?: string; filter: unknown }) {
  const patch: Record<string, unknown> = {};
  if (request.name !== segment.name) patch.name = request.name;
  if ((request.description ?? undefined) !== segment.description) patch.description = request.description ?? null;
  if (!same(request.filter, segment.filter)) patch.filter = request.filter;
  return patch as UpdateSegmentRequest;
}

function Builder({ segment }: { segment: Segment | undefined }) {
  const { t } = useTranslation('segments');
  const navigate = useNavigate();
  const me = useMe();
  const owners = useOwners();
  const companies = useCompanyChoices();
  const [draft, setDraft] = useState<SegmentDraft>(() => draftOf(segment));
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [confirming, confirm] = useDisclosure();
  const [attempted, setAttempted] = useState(false);
  const save = useSaveSegment();
  const notifySaved = useNotifySaved();
  const remove = useDeleteSegment();
  const mayChange = me.hasAnyRole(['admin', 'marketing']);
  // Checked by the API's own schema as the criteria change; the count follows only valid criteria.
  const criteria = checkFilter(draft);
  const whole = checkSegment(draft);
  const errors = shownErrors(
    {
      ...apiErrors,
      ...(whole.ok ? {} : whole.errors),
      ...(criteria.ok ? {} : Object.fromEntries(Object.entries(criteria.errors).map(([k, v]) => [`filter.${k}`, v]))),
    },
    attempted,
    draft.name.trim() ? [] : ['name'],
  );
  const filterErrors = Object.fromEntries(
    Object.entries(errors).flatMap(([path, message]) =>
      path.startsWith('filter.') ? [[path.slice('filter.'.length), message]] : [],
    ),
  );
  const unchanged = segment !== undefined && criteria.ok && same(criteria.data, segment.filter);
  const stale = save.error instanceof ProblemError && save.error.status === 412;
  const update = (change: (before: SegmentDraft) => SegmentDraft) => {
    setDraft(change);
    setApiErrors({});
  };
  const submit = () => {
    setAttempted(true);
    if (!whole.ok) return;
    const patch = segment ? patchOf(segment, whole.data) : undefined;
    if (patch && Object.keys(patch).length === 0) return;
    // mutateAsync: saving re-keys this builder (a new version), and mutate's callbacks die with it.
    save.mutateAsync(segment && patch ? { segment, patch } : { create: whole.data }).then(
      (saved) => {
        notifySaved(t('builder.saved'));
        if (!segment) void navigate(`/segments/${saved.id}`, { replace: true });
      },
      (error: unknown) => error instanceof ProblemError && setApiErrors(error.fieldErrors()),
    );
  };
  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <form
          style={errorColor}
          aria-label={t('builder.formLabel')}
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack>
            {stale ? (
              <Alert color="yellow" title={t('builder.staleTitle')}>
                {t('builder.stale')}
              </Alert>
            ) : (
              <ProblemAlert error={save.error} />
            )}
            <TextInput
              label={t('builder.name')}
              withAsterisk
              dir="auto"
              value={draft.name}
              onChange={(event) => {
                const name = event.currentTarget.value;
                update((before) => ({ ...before, name }));
              }}
              error={errorAt(errors, 'name')}
            />
            <Textarea
              label={t('builder.description')}
              dir="auto"
              autosize
              minRows={1}
              value={draft.description}
              onChange={(event) => {
                const description = event.currentTarget.value;
                update((before) => ({ ...before, description }));
              }}
              error={errorAt(errors, 'description')}
            />
            <Paper withBorder p="md">
              <CriteriaFields
                draft={draft}
                errors={filterErrors}
                update={update}
                owners={owners.data ?? []}
                companies={companies.data ?? []}
              />
            </Paper>
            <Group justify="space-between">
              {segment && mayChange ? (
                <Button variant="default" color="red" onClick={confirm.open}>
                  {t('builder.delete')}
                </Button>
              ) : (
                <span />
              )}
              {mayChange ? (
                <Button color={filled} type="submit" loading={save.isPending}>
                  {segment ? t('builder.save') : t('builder.create')}
                </Button>
              ) : (
                <Text size="sm">{t('builder.readOnly')}</Text>
              )}
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <LiveCount
          filter={criteria.ok ? criteria.data : undefined}
          invalid={!criteria.ok}
          savedSegmentId={unchanged ? segment?.id : undefined}
        />
      </Grid.Col>
      {segment ? (
        <Modal
          opened={confirming}
          onClose={confirm.close}
          title={t('builder.deleteTitle', { name: segment.name })}
          closeButtonProps={{ 'aria-label': t('builder.cancel') }}
        >
          <Stack>
            <Text>{t('builder.deleteDetail')}</Text>
            <ProblemAlert error={remove.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={confirm.close}>
                {t('builder.cancel')}
              </Button>
              <Button
                color="red.9"
                loading={remove.isPending}
                onClick={() => remove.mutate(segment, { onSuccess: () => void navigate('/segments') })}
              >
                {t('builder.confirmDelete')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      ) : null}
    </Grid>
  );
}

/** The criteria builder of a new segment (`/segments/new`) or a saved one (`/segments/:segmentId`). */
export function SegmentBuilderPage() {
  const { t } = useTranslation('segments');
  const { segmentId } = useParams();
  const segment = useSegment(segmentId);
  return (
    <Stack>
      <Anchor c="indigo.8" component={Link} to="/segments">
        {t('builder.back')}
      </Anchor>
      <Title order={1} dir="auto">
        {segmentId ? (segment.data?.name ?? t('title')) : t('builder.new')}
      </Title>
      {segmentId && segment.isPending ? <PageLoader /> : null}
      <ProblemAlert error={segment.error} />
      {!segmentId || segment.data ? (
        // A new version (after a save) starts the builder afresh from what the API stored.
        <Builder key={`${segment.data?.id ?? 'new'}-${segment.data?.version ?? 0}`} segment={segment.data} />
      ) : null}
    </Stack>
  );
}
