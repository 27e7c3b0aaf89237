import * as z from 'zod';
import { recordLeadFailure } from '#shared/leads/lead-lifecycle.service.ts';
import { redactEmailAddresses } from '#shared/privacy/redaction.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Each Catch of the workflow stores its error under the failed step's name. */
const Failure = z.object({
  contactId: z.string(),
  causationId: z.string(),
  failures: z.record(z.string(), z.object({ Error: z.string(), Cause: z.string().optional() })),
});

/** Task of the lead-lifecycle workflow: keep the failed step's error (no email address in it) and publish Lead Processing Failed. */
export const handler = taskHandler(Failure, async ({ contactId, causationId, failures }) => {
  const [step, failure] = Object.entries(failures)[0] ?? ['unknown', { Error: 'Unknown', Cause: '' }];
  const [error, cause] = [failure.Error, failure.Cause ?? ''].map(redactEmailAddresses) as [string, string];
  return recordLeadFailure(deps(), { contactId, causationId, step, error, cause });
});
