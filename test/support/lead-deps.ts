import { buildDependencies } from '#functions/dependencies.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import type { FormSubmissionDeps } from '#shared/leads/form-submission.service.ts';
import { signFormToken } from '#shared/forms/form-token.ts';

export const testSecrets = { formTokenKey: 'test-form-token-key-0123456789abcdef', ipHashSalt: 'test-salt-0123456789' };

/** Form-submission dependencies over a test table, with a Turnstile verifier the test controls. */
export function leadDeps(
  table: TableRef,
  verifyTurnstile: FormSubmissionDeps['verifyTurnstile'] = async () => true,
): FormSubmissionDeps {
  return { ...buildDependencies(table, systemContext), secrets: testSecrets, verifyTurnstile };
}

/** A form token issued `secondsAgo` seconds ago, as the page would have received it. */
export const formTokenIssued = (formId: string, secondsAgo: number) =>
  signFormToken(testSecrets, formId, new Date(Date.now() - secondsAgo * 1000));
