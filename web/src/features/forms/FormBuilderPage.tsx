import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Fieldset,
  Grid,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { lifecycleStages } from '#shared/contacts/contact.schema.ts';
import type { UpdateFormRequest } from '#shared/forms/form.schema.ts';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiUrl } from '../../lib/api-url';
import { ProblemError } from '../../lib/api/problem';
import { errorColor, filled } from '../../lib/colors';
import { useMe } from '../../lib/me';
import { useOwners } from '../../lib/owners';
import { errorOf, shownErrors } from '../../lib/validate';
import { useNotifySaved } from '../../lib/notify';
import { useCampaignChoices, useForm, useSaveForm, type Form } from './api';
import { EmbedSnippets, SubmissionsPerDay, VisitorPreview } from './FormPanels';
import {
  checkForm,
  draftOf,
  fieldRow,
  mappableContactFields,
  patchOf,
  previewOf,
  requestOf,
  rowError,
  type FieldRow,
  type FormDraft,
} from './form-draft';

function FieldRows({
  draft,
  errors,
  update,
}: {
  draft: FormDraft;
  errors: Record<string, string>;
  update: (change: (before: FormDraft) => FormDraft) => void;
}) {
  const { t } = useTranslation('forms');
  const setRow = (index: number, change: Partial<FieldRow>) =>
    update((before) => ({
      ...before,
      fields: before.fields.map((row, at) => (at === index ? { ...row, ...change } : row)),
    }));
  return (
    <Fieldset legend={t('builder.fields')}>
      <Stack gap="xs">
        <Text size="sm">{t('builder.fieldsHint')}</Text>
        {draft.fields.map((row, index) => {
          const number = index + 1;
          return (
            <Group key={row.key} align="start" gap="xs" wrap="wrap">
              <TextInput
                label={t('builder.fieldName', { number })}
                dir="ltr"
                w={180}
                value={row.name}
                onChange={(event) => setRow(index, { name: event.currentTarget.value })}
                error={rowError(errors, row, index)}
              />
              <NativeSelect
                label={t('builder.fieldTarget', { number })}
                value={row.target}
                onChange={(event) => setRow(index, { target: event.currentTarget.value })}
                data={[
                  ...mappableContactFields.map((target) => ({ value: target, label: t(`targets.${target}`) })),
                  { value: 'custom', label: t('targets.custom') },
                ]}
              />
              {row.target === 'custom' ? (
                <TextInput
                  label={t('builder.customName', { number })}
                  dir="ltr"
                  w={160}
                  value={row.customName}
                  onChange={(event) => setRow(index, { customName: event.currentTarget.value })}
                />
              ) : null}
              <ActionIcon
                mt={28}
                variant="default"
                aria-label={t('builder.removeField', { number })}
                onClick={() =>
                  update((before) => ({ ...before, fields: before.fields.filter((_, at) => at !== index) }))
                }
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          );
        })}
        {errors.fieldMapping ? (
          <Text size="sm" c="red.9">
            {errors.fieldMapping}
          </Text>
        ) : null}
        <Group>
          <Button
            variant="default"
            onClick={() => update((before) => ({ ...before, fields: [...before.fields, fieldRow('', 'firstName')] }))}
          >
            {t('builder.addField')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

function Builder({ form }: { form: Form | undefined }) {
  const { t } = useTranslation('forms');
  const navigate = useNavigate();
  const apiUrl = useApiUrl();
  const me = useMe();
  const owners = useOwners();
  const campaigns = useCampaignChoices();
  const [draft, setDraft] = useState<FormDraft>(() => draftOf(form));
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [attempted, setAttempted] = useState(false);
  const save = useSaveForm();
  const notifySaved = useNotifySaved();
  const checked = checkForm(draft);
  const errors = shownErrors(
    checked.ok ? apiErrors : { ...apiErrors, ...checked.errors },
    attempted,
    draft.name.trim() ? [] : ['name'],
  );
  const stale = save.error instanceof ProblemError && save.error.status === 412;
  const mayChange = me.hasAnyRole(['admin', 'marketing']);
  const update = (change: (before: FormDraft) => FormDraft) => {
    setDraft(change);
    setApiErrors({});
  };
  const set =
    <K extends keyof FormDraft>(key: K) =>
    (value: FormDraft[K]) =>
      update((before) => ({ ...before, [key]: value }));
  const text = (key: keyof FormDraft) => ({
    value: draft[key] as string,
    onChange: (event: { currentTarget: { value: string } }) => set(key)(event.currentTarget.value as never),
  });
  // The preview follows the builder even while something is still invalid: it draws what the request says.
  const request = checked.ok ? checked.request : (requestOf(draft) as Parameters<typeof previewOf>[0]);
  const preview = previewOf(
    {
      fieldMapping: request.fieldMapping ?? {},
      consent: request.consent,
      honeypotField: request.honeypotField || 'website',
      requireFormToken: request.requireFormToken,
      turnstile: request.turnstile,
      redirectUrl: request.redirectUrl,
    },
    form?.id ?? 'FORM_ID',
    apiUrl,
  );
  const submit = () => {
    setAttempted(true);
    if (!checked.ok) return;
    const patch = form ? (patchOf(form, checked.request) as UpdateFormRequest) : undefined;
    if (patch && Object.keys(patch).length === 0) return;
    // mutateAsync, not mutate's callbacks: saving re-keys this builder (a new version), and a callback given to
    // mutate is dropped once the component that called it is gone.
    save.mutateAsync(form && patch ? { form, patch } : { create: checked.request }).then(
      (saved) => {
        notifySaved(t('builder.saved'));
        if (!form) void navigate(`/forms/${saved.id}`, { replace: true });
      },
      (error: unknown) => error instanceof ProblemError && setApiErrors(error.fieldErrors()),
    );
  };
  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 7 }}>
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
              {...text('name')}
              error={errorOf(errors, 'name')}
            />
            <FieldRows draft={draft} errors={errors} update={update} />
            <Fieldset legend={t('builder.consent')}>
              <Stack gap="xs">
                <Switch
                  label={t('builder.consentEnabled')}
                  checked={draft.consentEnabled}
                  onChange={(event) => set('consentEnabled')(event.currentTarget.checked)}
                />
                {draft.consentEnabled ? (
                  <>
                    <Textarea
                      label={t('builder.consentText')}
                      description={t('builder.consentTextHint')}
                      dir="auto"
                      autosize
                      minRows={2}
                      {...text('consentText')}
                      error={errorOf(errors, 'consent.text')}
                    />
                    <SimpleGrid cols={2}>
                      <TextInput
                        label={t('builder.consentVersion')}
                        dir="ltr"
                        {...text('consentVersion')}
                        error={errorOf(errors, 'consent.version')}
                      />
                      <TextInput
                        label={t('builder.consentField')}
                        description={t('builder.consentFieldHint')}
                        dir="ltr"
                        {...text('consentField')}
                        error={errorOf(errors, 'consent.field')}
                      />
                    </SimpleGrid>
                  </>
                ) : null}
                <Switch
                  label={t('builder.doubleOptIn')}
                  description={t('builder.doubleOptInHint')}
                  checked={draft.doubleOptIn}
                  onChange={(event) => set('doubleOptIn')(event.currentTarget.checked)}
                />
              </Stack>
            </Fieldset>
            <Fieldset legend={t('builder.site')}>
              <Stack gap="xs">
                <TagsInput
                  label={t('builder.allowedOrigins')}
                  description={t('builder.allowedOriginsHint')}
                  dir="ltr"
                  value={draft.allowedOrigins}
                  onChange={set('allowedOrigins')}
                  error={errorOf(errors, 'allowedOrigins')}
                />
                <TextInput
                  label={t('builder.redirectUrl')}
                  description={t('builder.redirectUrlHint')}
                  dir="ltr"
                  {...text('redirectUrl')}
                  error={errorOf(errors, 'redirectUrl')}
                />
              </Stack>
            </Fieldset>
            <Fieldset legend={t('builder.bots')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('builder.honeypotField')}
                  description={t('builder.honeypotFieldHint')}
                  dir="ltr"
                  {...text('honeypotField')}
                  error={errorOf(errors, 'honeypotField')}
                />
                <TextInput
                  label={t('builder.minFillSeconds')}
                  description={t('builder.minFillSecondsHint')}
                  {...text('minFillSeconds')}
                  error={errorOf(errors, 'minFillSeconds')}
                />
                <Switch
                  label={t('builder.requireFormToken')}
                  description={t('builder.requireFormTokenHint')}
                  checked={draft.requireFormToken}
                  onChange={(event) => set('requireFormToken')(event.currentTarget.checked)}
                />
                <Switch
                  label={t('builder.turnstile')}
                  description={t('builder.turnstileHint')}
                  checked={draft.turnstile}
                  onChange={(event) => set('turnstile')(event.currentTarget.checked)}
                />
                <TextInput
                  label={t('builder.rateRequests')}
                  {...text('rateRequests')}
                  error={errorOf(errors, 'rateLimit.requests')}
                />
                <TextInput
                  label={t('builder.rateWindowSeconds')}
                  {...text('rateWindowSeconds')}
                  error={errorOf(errors, 'rateLimit.windowSeconds')}
                />
              </SimpleGrid>
            </Fieldset>
            <Fieldset legend={t('builder.leads')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NativeSelect
                  label={t('builder.leadStage')}
                  value={draft.leadStage}
                  onChange={(event) => set('leadStage')(event.currentTarget.value)}
                  data={[
                    { value: '', label: t('builder.noStage') },
                    ...lifecycleStages.map((stage) => ({ value: stage, label: t(`stages.${stage}`) })),
                  ]}
                  error={errorOf(errors, 'leadDefaults.lifecycleStage')}
                />
                <NativeSelect
                  label={t('builder.leadOwner')}
                  value={draft.leadOwnerId}
                  onChange={(event) => set('leadOwnerId')(event.currentTarget.value)}
                  data={[
                    { value: '', label: t('builder.routed') },
                    ...(owners.data ?? []).map((owner) => ({ value: owner.id, label: owner.name })),
                  ]}
                  error={errorOf(errors, 'leadDefaults.ownerId')}
                />
                <TagsInput
                  label={t('builder.leadTags')}
                  dir="auto"
                  value={draft.leadTags}
                  onChange={set('leadTags')}
                  error={errorOf(errors, 'leadDefaults.tags')}
                />
                <TextInput
                  label={t('builder.phoneCountry')}
                  description={t('builder.phoneCountryHint')}
                  dir="ltr"
                  {...text('phoneCountry')}
                  error={errorOf(errors, 'phoneCountry')}
                />
                <NativeSelect
                  label={t('builder.campaign')}
                  description={t('builder.campaignHint')}
                  value={draft.campaignId}
                  onChange={(event) => set('campaignId')(event.currentTarget.value)}
                  data={[
                    { value: '', label: t('builder.noCampaign') },
                    ...(campaigns.data ?? []).map((campaign) => ({ value: campaign.id, label: campaign.name })),
                  ]}
                  error={errorOf(errors, 'campaignId')}
                />
              </SimpleGrid>
            </Fieldset>
            <Group justify="flex-end">
              {mayChange ? (
                <Button color={filled} type="submit" loading={save.isPending}>
                  {form ? t('builder.save') : t('builder.create')}
                </Button>
              ) : (
                <Text size="sm">{t('builder.readOnly')}</Text>
              )}
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Tabs defaultValue="preview" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="preview">{t('tabs.preview')}</Tabs.Tab>
            <Tabs.Tab value="embed">{t('tabs.embed')}</Tabs.Tab>
            <Tabs.Tab value="submissions">{t('tabs.submissions')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="preview" pt="md">
            <VisitorPreview preview={preview} />
          </Tabs.Panel>
          <Tabs.Panel value="embed" pt="md">
            {form ? <EmbedSnippets preview={preview} formId={form.id} /> : <Text>{t('embed.saveFirst')}</Text>}
          </Tabs.Panel>
          <Tabs.Panel value="submissions" pt="md">
            {form ? <SubmissionsPerDay formId={form.id} today={new Date()} /> : <Text>{t('embed.saveFirst')}</Text>}
          </Tabs.Panel>
        </Tabs>
      </Grid.Col>
    </Grid>
  );
}

/** The builder of a new form (`/forms/new`) or a saved one (`/forms/:formId`), with its preview, snippets and numbers. */
export function FormBuilderPage() {
  const { t } = useTranslation('forms');
  const { formId } = useParams();
  const form = useForm(formId);
  return (
    <Stack>
      <Anchor c="indigo.8" component={Link} to="/forms">
        {t('builder.back')}
      </Anchor>
      <Title order={1} dir="auto">
        {formId ? (form.data?.name ?? t('title')) : t('builder.new')}
      </Title>
      {formId && form.isPending ? <PageLoader /> : null}
      <ProblemAlert error={form.error} />
      {!formId || form.data ? (
        <Builder key={`${form.data?.id ?? 'new'}-${form.data?.version ?? 0}`} form={form.data} />
      ) : null}
    </Stack>
  );
}
