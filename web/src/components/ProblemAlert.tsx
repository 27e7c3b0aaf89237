import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../lib/api/problem';

/** Shows what the API said went wrong: its problem+json title and detail, never a bare "error". */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const title = error instanceof ProblemError ? error.problem.title : t('errors.unexpected');
  const detail = error instanceof ProblemError ? error.problem.detail : (error as Error).message;
  return (
    <Alert color="red" title={title} role="alert">
      {detail}
      {error instanceof ProblemError && error.problem.errors?.length ? (
        <ul>
          {error.problem.errors.map((field) => (
            <li key={field.pointer}>
              <code>{field.pointer}</code> {field.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
