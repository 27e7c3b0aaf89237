import { ConsoleConfig } from '#shared/console/console-config.ts';

/** Reads `/config.json`, written at deploy from the stack's outputs (or served by `npm start`). */
export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`The console could not read /config.json (HTTP ${response.status}).`);
  return ConsoleConfig.parse(await response.json());
}
