import * as z from 'zod';
import { checkMailable } from '#shared/surveys/survey-send.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the post-sale-survey workflow: may the contact still be mailed, after the delay? */
export const handler = taskHandler(z.object({ sendId: z.string() }), ({ sendId }) => checkMailable(deps(), sendId));
