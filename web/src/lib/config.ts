import type { ConsoleConfig } from '#shared/console/console-config.ts';

/**
 * Reads `/config.json`, written at deploy from the stack's outputs (or served by `npm start`), both built
 * against the zod schema in shared/console/console-config.ts. The browser checks only its shape here, by
 * hand: zod on the first screen would cost about 25 KB gzipped for one file our own deploy wrote.
 */
export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`The console could not read /config.json (HTTP ${response.status}).`);
  const config = (await response.json()) as Partial<ConsoleConfig> | null;
  const mode = config?.auth?.mode;
  if (typeof config?.apiUrl !== 'string' || (mode !== 'local' && mode !== 'cognito'))
    throw new Error('/config.json is not a console configuration (apiUrl and auth.mode are required).');
  return config as ConsoleConfig;
}
