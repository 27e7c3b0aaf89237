import {
  Alert,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { errorColor, filled } from '../../lib/colors';
import { useMe } from '../../lib/me';
import { errorOf, shownErrors } from '../../lib/validate';
import { useNotifySaved } from '../../lib/notify';
import { useSaveSurvey, type Survey } from './api';
import {
  checkChange,
  checkNew,
  defaultQuestions,
  draftOf,
  surveyKinds,
  surveyTriggers,
  type SurveyDraft,
} from './survey-draft';

/** Every member of a survey, checked by the API's own schema as it changes; create, or change with If-Match. */
export function SurveyForm({ survey }: { survey: Survey | undefined }) {
  const { t } = useTranslation('surveys');
  const navigate = useNavigate();
  const me = useMe();
  const [draft, setDraft] = useState<SurveyDraft>(() => draftOf(survey));
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [attempted, setAttempted] = useState(false);
  const save = useSaveSurvey();
  const notifySaved = useNotifySaved();
  const checked = survey ? checkChange(survey, draft) : checkNew(draft);
  // A new survey's empty text fields are not shown in red until a save is tried.
  const empty = (['name', 'question', 'reviewUrl'] as const).filter((key) => draft[key].trim() === '');
  const errors = shownErrors(checked.ok ? apiErrors : { ...apiErrors, ...checked.errors }, attempted, empty);
  const stale = save.error instanceof ProblemError && save.error.status === 412;
  const set = <K extends keyof SurveyDraft>(key: K, value: SurveyDraft[K]) => {
    setDraft((before) => ({ ...before, [key]: value }));
    setApiErrors({});
  };
  const text = (key: keyof SurveyDraft) => ({
    value: draft[key] as string,
    onChange: (event: { currentTarget: { value: string } }) => set(key, event.currentTarget.value as never),
  });
  const submit = () => {
    setAttempted(true);
    if (!checked.ok || checked.data === null) return;
    const change = survey ? { survey, patch: checked.data } : { create: checked.data as never };
    // mutateAsync: saving re-keys this form (a new version), and mutate's callbacks die with it.
    save.mutateAsync(change).then(
      (saved) => {
        notifySaved(t('form.saved'));
        if (!survey) void navigate(`/surveys/${saved.id}`, { replace: true });
      },
      (error: unknown) => error instanceof ProblemError && setApiErrors(error.fieldErrors()),
    );
  };
  return (
    <form
      style={errorColor}
      aria-label={t('form.label')}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack maw={760}>
        {stale ? (
          <Alert color="yellow" title={t('form.staleTitle')}>
            {t('form.stale')}
          </Alert>
        ) : (
          <ProblemAlert error={save.error} />
        )}
        <TextInput label={t('form.name')} withAsterisk dir="auto" {...text('name')} error={errorOf(errors, 'name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={t('form.kind')}
            description={survey ? t('form.kindFixed') : t('form.kindHint')}
            disabled={survey !== undefined}
            value={draft.kind}
            onChange={(event) => set('kind', event.currentTarget.value as SurveyDraft['kind'])}
            data={surveyKinds.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) }))}
          />
          <NativeSelect
            label={t('form.trigger')}
            value={draft.trigger}
            onChange={(event) => set('trigger', event.currentTarget.value as SurveyDraft['trigger'])}
            data={surveyTriggers.map((trigger) => ({ value: trigger, label: t(`triggers.${trigger}`) }))}
            error={errorOf(errors, 'trigger')}
          />
        </SimpleGrid>
        <TextInput
          label={t('form.question')}
          placeholder={defaultQuestions[draft.kind]}
          withAsterisk
          dir="auto"
          {...text('question')}
          error={errorOf(errors, 'question')}
        />
        <TextInput
          label={t('form.followUpQuestion')}
          description={t('form.followUpQuestionHint')}
          dir="auto"
          {...text('followUpQuestion')}
          error={errorOf(errors, 'followUpQuestion')}
        />
        <Fieldset legend={t('form.timing')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('form.delayDays')} {...text('delayDays')} error={errorOf(errors, 'delay.days')} />
            <TextInput label={t('form.delayHours')} {...text('delayHours')} error={errorOf(errors, 'delay.hours')} />
            <TextInput
              label={t('form.expiresAfterDays')}
              {...text('expiresAfterDays')}
              error={errorOf(errors, 'expiresAfterDays')}
            />
          </SimpleGrid>
          <Group mt="sm" align="end">
            <Switch
              label={t('form.reminder')}
              checked={draft.reminderOn}
              onChange={(event) => set('reminderOn', event.currentTarget.checked)}
            />
            {draft.reminderOn ? (
              <TextInput
                label={t('form.reminderAfterDays')}
                {...text('reminderAfterDays')}
                error={errorOf(errors, 'reminder')}
              />
            ) : null}
          </Group>
        </Fieldset>
        <TextInput
          label={t('form.reviewUrl')}
          description={t('form.reviewUrlHint')}
          withAsterisk
          dir="ltr"
          {...text('reviewUrl')}
          error={errorOf(errors, 'reviewUrl')}
        />
        <NativeSelect
          label={t('form.status')}
          value={draft.status}
          onChange={(event) => set('status', event.currentTarget.value as SurveyDraft['status'])}
          data={[
            { value: 'active', label: t('statuses.active') },
            { value: 'paused', label: t('statuses.paused') },
          ]}
        />
        <Group justify="flex-end">
          {me.hasAnyRole(['admin', 'marketing']) ? (
            <Button
              color={filled}
              type="submit"
              loading={save.isPending}
              disabled={checked.ok && checked.data === null}
            >
              {survey ? t('form.save') : t('form.create')}
            </Button>
          ) : (
            <Text size="sm">{t('form.readOnly')}</Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}
