import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { logger } from '../observability.ts';
import { validate } from './validate.ts';

/**
 * The one way a Step Functions task handler is built: validate the task input with zod and run
 * `handle`. Errors propagate by name, so the state machine's Retry/Catch can match them.
 */
export function taskHandler<S extends z.ZodType, R>(
  schema: S,
  handle: (input: z.infer<S>, context: Context) => Promise<R>,
) {
  return middy<unknown, R, Error, Context>(async (event: unknown, context: Context) =>
    handle(validate(schema, event, 'task input'), context),
  ).use(injectLambdaContext(logger, { resetKeys: true }));
}
