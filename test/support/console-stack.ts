import { inject, type ProvidedContext } from 'vitest';
import { stackClient, type StackClient } from './local-stack.ts';

/** The console files' shared stack (test/support/console-setup.ts says how to share it well). */
export type SharedConsoleStack = ProvidedContext['consoleStack'] & StackClient;

/** The run's one seeded stack serving the console, with an API client; it outlives the file (do not stop it). */
export async function sharedConsoleStack(): Promise<SharedConsoleStack> {
  const addresses = inject('consoleStack');
  return { ...addresses, ...(await stackClient(addresses.apiUrl)) };
}
