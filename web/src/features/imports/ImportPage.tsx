import { Alert, Button, Group, Loader, NativeSelect, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { crmNames, crmSources } from '#shared/imports/crm-formats.ts';
import { stageLabelsToMap } from '#shared/imports/csv-mapping.ts';
import { dateOrders } from '#shared/imports/import-values.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/me';
import { previewRowCount, useImportPreview, useImportRun } from './api';
import { ColumnsTable } from './ColumnsTable';
import type { CsvFile, CsvFileProblem } from './csv-file';
import { FileDrop } from './FileDrop';
import { ImportProgress } from './ImportProgress';
import { ImportReportView } from './ImportReportView';
import {
  emptyDraft,
  planOf,
  toImportMapping,
  withColumnField,
  withDateOrder,
  withSource,
  withStage,
  type ImportEntity,
  type MappingDraft,
} from './mapping-draft';
import { PreviewTable } from './PreviewTable';
import { readCsvFile } from './read-csv';
import { importRoles } from './roles';
import { StageLabelsTable } from './StageLabelsTable';

/** Import contacts or companies from a CSV file (marketing and admins; the API refuses anyone else). */
export function ImportPage() {
  const { t } = useTranslation('imports');
  const me = useMe();
  return (
    <Stack>
      <Title order={1}>{t('title')}</Title>
      {me.hasAnyRole(importRoles) ? (
        <ImportScreen />
      ) : (
        <Alert color="yellow">
          <Text fw={600}>{t('forbidden.title')}</Text>
          <Text size="sm">{t('forbidden.detail')}</Text>
        </Alert>
      )}
    </Stack>
  );
}

type LoadedFile = CsvFile & { id: string };
let filesRead = 0;

/**
 * The import, step by step: choose what the file holds and the file; check how its columns (and stage
 * labels) are read and change what is wrong; see what the first rows would become (a dry run, again after
 * every change); import it all with a progress bar; read and download the report.
 */
function ImportScreen() {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const [entity, setEntity] = useState<ImportEntity>('contacts');
  const [file, setFile] = useState<LoadedFile>();
  const [reading, setReading] = useState(false);
  const [problem, setProblem] = useState<CsvFileProblem | Error>();
  const [draft, setDraft] = useState<MappingDraft>(emptyDraft);
  const mapping = useMemo(() => toImportMapping(draft), [draft]);
  const plan = useMemo(() => (file ? planOf(file.headers, entity, draft) : undefined), [file, entity, draft]);
  const rowsByLine = useMemo(() => new Map((file?.rows ?? []).map((row) => [row.row, row])), [file]);
  const examples = useMemo(() => {
    const found = new Map<string, string>();
    for (const { fields } of (file?.rows ?? []).slice(0, previewRowCount))
      for (const [column, cell] of Object.entries(fields))
        if (cell.trim() && !found.has(column)) found.set(column, cell);
    return found;
  }, [file]);
  const stageLabels = useMemo(() => (file && plan ? stageLabelsToMap(file.rows, plan) : []), [file, plan]);
  const importRun = useImportRun(entity);
  const { state } = importRun;
  const preview = useImportPreview(entity, state.phase === 'idle' ? file : undefined, mapping);

  const choose = async (chosen: File) => {
    setProblem(undefined);
    setReading(true);
    try {
      const read = await readCsvFile(chosen);
      if ('problem' in read) {
        setProblem(read.problem);
        setFile(undefined);
      } else {
        setFile({ ...read.file, id: `${++filesRead}:${chosen.name}` });
        setDraft(emptyDraft);
      }
    } catch (error) {
      setProblem(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setReading(false);
    }
  };

  if (state.phase !== 'idle' && file && plan)
    return (
      <Stack>
        <ImportProgress
          fileName={file.name}
          done={state.phase === 'running' ? state.done : state.outcome.run.report.rows}
          total={file.rows.length}
          {...(state.phase === 'running' ? { onCancel: importRun.cancel, cancelling: state.cancelling } : {})}
        />
        {state.phase === 'finished' ? (
          <>
            <ImportReportView outcome={state.outcome} plan={plan} rowsByLine={rowsByLine} />
            <Group>
              <Button variant="default" onClick={importRun.reset}>
                {t('report.back')}
              </Button>
              <Button
                onClick={() => {
                  importRun.reset();
                  setFile(undefined);
                  setDraft(emptyDraft);
                }}
              >
                {t('report.another')}
              </Button>
            </Group>
          </>
        ) : null}
      </Stack>
    );

  return (
    <Stack>
      <Text c="dimmed">{t('intro')}</Text>
      <Radio.Group
        label={t('entity.label')}
        value={entity}
        onChange={(value) => {
          setEntity(value === 'companies' ? 'companies' : 'contacts');
          setDraft(emptyDraft);
        }}
      >
        <Group mt={4}>
          <Radio value="contacts" label={t('entity.contacts')} />
          <Radio value="companies" label={t('entity.companies')} />
        </Group>
      </Radio.Group>
      <FileDrop onFile={(chosen) => void choose(chosen)} busy={reading} compact={file !== undefined} />
      {problem ? <FileProblemAlert problem={problem} /> : null}
      {file && plan ? (
        <>
          <Paper withBorder p="md">
            <Stack gap="xs">
              <Text fw={600} data-testid="file-summary">
                <bdi>{file.name}</bdi>
                {': '}
                {t('file.summary', {
                  rows: format.number(file.rows.length),
                  columns: format.number(file.headers.length),
                })}
              </Text>
              <Text data-testid="file-source">
                {plan.source ? t('file.detected', { crm: crmNames[plan.source] }) : t('file.noCrm')}
              </Text>
              <Group align="end">
                <NativeSelect
                  label={t('file.readAs')}
                  value={draft.source ?? ''}
                  onChange={(event) =>
                    setDraft(
                      withSource(
                        draft,
                        crmSources.find((source) => source === event.currentTarget.value),
                      ),
                    )
                  }
                  data={[
                    { value: '', label: t('file.asHeaderSays') },
                    ...crmSources.map((source) => ({ value: source, label: crmNames[source] })),
                  ]}
                />
                <NativeSelect
                  label={t('file.dateOrder')}
                  value={draft.dateOrder ?? 'month-first'}
                  onChange={(event) =>
                    setDraft(
                      withDateOrder(
                        draft,
                        dateOrders.find((order) => order === event.currentTarget.value && order !== 'month-first'),
                      ),
                    )
                  }
                  data={dateOrders.map((order) => ({ value: order, label: t(`file.dateOrders.${order}`) }))}
                />
              </Group>
            </Stack>
          </Paper>

          <Title order={2}>{t('columns.title')}</Title>
          <ColumnsTable
            entity={entity}
            plan={plan}
            examples={examples}
            onField={(column, field) => setDraft(withColumnField(draft, file.headers, entity, column, field))}
          />

          {stageLabels.length ? (
            <>
              <Title order={2}>{t('stages.title')}</Title>
              <Text c="dimmed">{t('stages.intro')}</Text>
              <StageLabelsTable
                labels={stageLabels}
                chosen={draft.stages}
                onStage={(label, stage) => setDraft(withStage(draft, label, stage))}
              />
            </>
          ) : null}

          <Title order={2}>{t('preview.title')}</Title>
          <Text c="dimmed">
            {t('preview.intro', { rows: format.number(Math.min(previewRowCount, file.rows.length)) })}
          </Text>
          <ImportProblem error={preview.error} />
          <Text role="status" size="sm" data-testid="preview-summary">
            {preview.isFetching ? (
              <Group component="span" gap="xs">
                <Loader size="xs" aria-hidden />
                {t('preview.running')}
              </Group>
            ) : preview.data ? (
              t('preview.summary', {
                created: format.number(preview.data.report.counts.created),
                updated: format.number(preview.data.report.counts.updated),
                unchanged: format.number(preview.data.report.counts.unchanged),
                rejected: format.number(preview.data.report.counts.rejected),
              })
            ) : null}
          </Text>
          {preview.data ? <PreviewTable plan={plan} results={preview.data.results} rowsByLine={rowsByLine} /> : null}

          <Group>
            <Button size="md" onClick={() => void importRun.start(file, mapping)}>
              {t('import.start', { count: file.rows.length, rows: format.number(file.rows.length) })}
            </Button>
          </Group>
        </>
      ) : null}
    </Stack>
  );
}

/** A refusal from the API; a 403 (someone without the marketing or admin role) says so plainly first. */
function ImportProblem({ error }: { error: unknown }) {
  const { t } = useTranslation('imports');
  if (error instanceof ProblemError && error.status === 403)
    return (
      <Alert color="red" title={t('forbidden.title')} role="alert">
        {error.problem.detail ?? t('forbidden.detail')}
      </Alert>
    );
  return <ProblemAlert error={error} />;
}

/** Why the chosen file cannot be imported, in the reader's language. */
function FileProblemAlert({ problem }: { problem: CsvFileProblem | Error }) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const megabytes = (bytes: number) => format.number(bytes / 1024 / 1024, { maximumFractionDigits: 1 });
  let message: string;
  if (problem instanceof Error) message = t('file.problems.unreadable', { detail: problem.message });
  else if (problem.kind === 'unreadable') message = t('file.problems.unreadable', { detail: problem.detail });
  else
    switch (problem.kind) {
      case 'tooBig':
        message = t('file.problems.tooBig', { size: megabytes(problem.bytes), max: megabytes(problem.maxBytes) });
        break;
      case 'malformed':
        message = t(`file.problems.malformed.${problem.code}`, {
          line: format.number(problem.line),
          detail: problem.detail,
          defaultValue: t('file.problems.malformed.other', {
            line: format.number(problem.line),
            detail: problem.detail,
          }),
        });
        break;
      case 'columnNameTooLong':
        message = t('file.problems.columnNameTooLong', { max: format.number(problem.maxLength) });
        break;
      case 'cellTooLong':
        message = t('file.problems.cellTooLong', {
          line: format.number(problem.line),
          column: problem.column,
          max: format.number(problem.maxLength),
        });
        break;
      default:
        message = t(`file.problems.${problem.kind}`);
    }
  return (
    <Alert color="red" title={t('file.problems.title')} role="alert">
      {message}
    </Alert>
  );
}
