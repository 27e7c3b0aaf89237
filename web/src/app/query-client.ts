import { QueryClient } from '@tanstack/react-query';
import { ProblemError } from '../lib/api/problem';

/** Server state. A 4xx will not change by asking again, so only other failures are retried (twice). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ProblemError && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}
