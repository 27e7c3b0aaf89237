import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Alert, Button, Checkbox, Code, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ChartFigure } from '../../components/ChartFigure';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../lib/format';
import { useSubmissions } from './api';
import { dailySubmissions, htmlSnippet, scriptSnippet, type FormPreview, type SnippetWords } from './form-draft';

/** The label a visitor reads for a field: the contact field's name, or the custom field's own name. */
export function useFieldLabel() {
  const { t } = useTranslation('forms');
  return (field: { name: string; target: string }) =>
    field.target.startsWith('custom.') ? field.target.slice('custom.'.length) : t(`targets.${field.target}`);
}

/**
 * The form as a visitor sees it, drawn from the definition: its fields in order with their input types, the
 * consent tick with its wording (right to left when the wording is Persian or Arabic), the hidden honeypot
 * left out, and the submit button. It posts nowhere.
 */
export function VisitorPreview({ preview }: { preview: FormPreview }) {
  const { t } = useTranslation('forms');
  const label = useFieldLabel();
  return (
    <Paper withBorder p="md" bg="gray.0">
      <form
        aria-label={t('preview.label')}
        dir={preview.dir}
        data-testid="visitor-preview"
        onSubmit={(event) => event.preventDefault()}
      >
        <Stack gap="xs">
          {preview.fields.map((field) => (
            <TextInput
              key={field.name}
              label={label(field)}
              type={field.type}
              required={field.required}
              autoComplete={field.autocomplete}
              name={field.name}
              dir={field.type === 'text' ? 'auto' : 'ltr'}
            />
          ))}
          {preview.consent?.field ? (
            <Checkbox name={preview.consent.field} value="yes" label={preview.consent.text} />
          ) : preview.consent ? (
            <Text size="sm">{preview.consent.text}</Text>
          ) : null}
          <Group>
            <Button type="submit" color="indigo.8">
              {t('preview.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function Snippet({ title, code, testId }: { title: string; code: string; testId: string }) {
  const { t } = useTranslation('forms');
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Title order={3} size="h5">
          {title}
        </Title>
        <CopyButton value={code}>
          {({ copied, copy }) => (
            <Button size="xs" variant="default" onClick={copy} aria-label={t('embed.copy', { what: title })}>
              {copied ? t('embed.copied') : t('embed.copyShort')}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Code block dir="ltr" data-testid={testId} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {code}
      </Code>
    </Stack>
  );
}

/** The embed snippets of a saved form: plain HTML, and the same form with a script that fetches the form token. */
export function EmbedSnippets({ preview, formId }: { preview: FormPreview; formId: string }) {
  const { t } = useTranslation('forms');
  const label = useFieldLabel();
  const words: SnippetWords = { label, submit: t('preview.submit'), leaveEmpty: t('embed.leaveEmpty') };
  return (
    <Stack>
      <Text size="sm">{t('embed.intro')}</Text>
      {preview.needsToken ? (
        <Alert color="yellow" title={t('embed.tokenRequiredTitle')}>
          {t('embed.tokenRequired')}
        </Alert>
      ) : null}
      <Snippet title={t('embed.html')} code={htmlSnippet(preview, words)} testId="snippet-html" />
      <Text size="sm">{t('embed.scriptIntro')}</Text>
      <Snippet title={t('embed.script')} code={scriptSnippet(preview, words, formId)} testId="snippet-script" />
    </Stack>
  );
}

const dayMs = 86_400_000;
const noon = (day: string) => `${day}T12:00:00Z`;

/** Leads received through the form each day of the last 30 (bots and repeats are not counted), from the KPI day aggregates. */
export function SubmissionsPerDay({ formId, today }: { formId: string; today: Date }) {
  const { t } = useTranslation('forms');
  const format = useFormat();
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - 29 * dayMs).toISOString().slice(0, 10);
  const report = useSubmissions({ from, to }, formId);
  if (report.isPending) return <PageLoader />;
  if (report.error) return <ProblemAlert error={report.error} />;
  const days = dailySubmissions(from, to, report.data.form?.series ?? []);
  const total = report.data.form?.submissions ?? 0;
  const busiest = days.reduce((best, day) => (day.submissions > best.submissions ? day : best), days[0]!);
  const rtl = format.language.dir === 'rtl';
  const rows = days.filter((day) => day.submissions > 0);
  return (
    <ChartFigure
      id="form-submissions"
      title={t('submissions.title')}
      summary={
        total === 0
          ? t('submissions.none')
          : t('submissions.summary', {
              count: total,
              formatted: format.number(total),
              busiest: format.date(noon(busiest.day)),
              most: format.number(busiest.submissions),
            })
      }
      columns={[t('submissions.day'), t('submissions.count')]}
      rows={rows.map((day) => [format.date(noon(day.day)), format.number(day.submissions)])}
    >
      <BarChart
        h={200}
        data={days.map((day) => ({ ...day, label: format.date(noon(day.day)) }))}
        dataKey="label"
        series={[{ name: 'submissions', label: t('submissions.count'), color: 'indigo.6' }]}
        xAxisProps={{ reversed: rtl }}
        yAxisProps={{ orientation: rtl ? 'right' : 'left', allowDecimals: false }}
        valueFormatter={(value) => format.number(value)}
      />
    </ChartFigure>
  );
}
