import { useAuth } from '../auth/AuthProvider';

/** The API's base URL as this console reaches it (no trailing slash): what an embed snippet posts to. */
export function useApiUrl(): string {
  return useAuth().config.apiUrl.replace(/\/+$/, '');
}
