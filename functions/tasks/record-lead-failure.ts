import * as z from 'zod';
import { recordLeadFailure } from '#shared/leads/lead-lifecycle.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Each Catch of the workflow stores its error under the failed step's name. */
const Failure = z.object({
  contactId: z.string(),
  causationId: z.string(),
  failures: z.record(z.string(), z.object({ Error: z.string(), Cause: z.string().optional() })),
});

/** Task of the lead-lifecycle workflow: keep the failed step's error and publish Lead Processing Failed. */
export const handler = taskHandler(Failure, async ({ contactId, causationId, failures }) => {
  const [step, failure] = Object.entries(failures)[0] ?? ['unknown', { Error: 'Unknown', Cause: '' }];
  return recordLeadFailure(deps(), { contactId, causationId, step, error: failure.Error, cause: failure.Cause ?? '' });
});
