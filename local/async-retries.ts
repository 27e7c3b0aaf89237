/** Pauses before each retry: Lambda retries a failed asynchronous invocation twice before its DLQ. */
export const asyncRetryDelaysMs: readonly number[] = [1000, 2000];

/** Runs `task`, retrying after each pause in `delaysMs` as Lambda retries an asynchronous invocation; rejects with the last error. */
export async function withAsyncRetries<T>(task: () => Promise<T>, delaysMs: readonly number[]): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      const pause = delaysMs[attempt - 1];
      if (pause === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
