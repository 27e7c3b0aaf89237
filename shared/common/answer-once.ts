import type { AppContext } from '../context.ts';
import { Conflict, UnprocessableContent } from '../errors.ts';
import type { TransactItem } from '../db/transactions.ts';
import type { IdempotencyRecord, IdempotencyRepository, StoredResponse } from '../leads/idempotency.repository.ts';

/** One request that must be answered once per Idempotency-Key: who asks (the scope), their key, and what they sent. */
export interface OnceRequest {
  scope: string;
  key: string;
  /** Hash of what was sent: the same key with another payload is refused (422). */
  payloadHash: string;
  /**
   * Runs once the request has won its key, before the work (a rate limit): a repeat of an admitted request
   * is answered, not counted. A throw refuses the request and gives the key back.
   */
  admit?: () => Promise<void>;
}

const waitForInFlightMs = 10_000;
const staleClaimMs = 30_000;

/**
 * Does `work` once per key and answers every repeat with the first answer. The first request claims the key;
 * a repeat finds the answer, or waits for the one in flight (a double click), or takes over a claim whose
 * holder crashed. A failed `work` gives the key back, so a retry runs afresh. `work` itself must be safe to
 * run again after a crash between its effect and the stored answer (an email is sent at most once by its own
 * marker, keyed by the same key); when it is not, use answerOnceInTransaction.
 */
export function answerOnce(
  deps: { idempotency: IdempotencyRepository; context: AppContext },
  request: OnceRequest,
  work: () => Promise<StoredResponse>,
): Promise<{ response: StoredResponse; replayed: boolean }> {
  return claimAndAnswer(deps, request, async (claimToken) => {
    const response = await work();
    await deps.idempotency.complete(request.scope, request.key, claimToken, response);
    return response;
  });
}

/**
 * answerOnce for work that is one DynamoDB transaction: `work` puts the item that stores its answer
 * (`completion(response)`) in its own transaction, so the effect and the stored answer are written together
 * or not at all, and a retry after any crash either finds the answer or does the work for the first time.
 * A claim taken over meanwhile fails that item, and with it the whole transaction.
 */
export function answerOnceInTransaction(
  deps: { idempotency: IdempotencyRepository; context: AppContext },
  request: OnceRequest,
  work: (completion: (response: StoredResponse) => TransactItem) => Promise<StoredResponse>,
): Promise<{ response: StoredResponse; replayed: boolean }> {
  return claimAndAnswer(deps, request, (claimToken) =>
    work((response) => deps.idempotency.completeItem(request.scope, request.key, claimToken, response)),
  );
}

async function claimAndAnswer(
  deps: { idempotency: IdempotencyRepository; context: AppContext },
  request: OnceRequest,
  work: (claimToken: string) => Promise<StoredResponse>,
): Promise<{ response: StoredResponse; replayed: boolean }> {
  const now = () => deps.context.now().getTime();
  const run = async (claimToken: string) => {
    try {
      await request.admit?.();
      return { response: await work(claimToken), replayed: false };
    } catch (error) {
      await deps.idempotency.release(request.scope, request.key, claimToken).catch(() => undefined);
      throw error;
    }
  };
  const claim = await deps.idempotency.claim(request.scope, request.key, request.payloadHash, now());
  if ('claimToken' in claim) return run(claim.claimToken);

  let record: IdempotencyRecord | undefined = claim.existing;
  // Waiting is wall-clock time (monotonic), not domain time.
  const deadline = performance.now() + waitForInFlightMs;
  while (record) {
    if (record.payloadHash !== request.payloadHash)
      throw new UnprocessableContent('This idempotency key was already used for a different request.', {
        idempotencyKey: request.key,
      });
    if (record.state === 'completed' && record.response) return { response: record.response, replayed: true };
    if (now() - record.claimedAt > staleClaimMs) {
      const token = await deps.idempotency.takeOver(request.scope, request.key, record.claimToken, now());
      if (token) return run(token);
    }
    if (performance.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    record = await deps.idempotency.read(request.scope, request.key);
  }
  // A released claim (a refused first request) leaves nothing to wait for: claim it afresh.
  if (!record) return claimAndAnswer(deps, request, work);
  throw new Conflict('The same request is still being processed; retry in a moment.', { retryAfterSeconds: 1 });
}
