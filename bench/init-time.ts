import { execFileSync } from 'node:child_process';
import { median } from './stats.ts';

/**
 * Module init time of a bundle in a fresh Node process (what a cold start pays after the runtime
 * is up): the time to import it, median of `runs` processes.
 */
export function initTimeMs(bundle: string, runs: number): number {
  const probe = `const t=performance.now();await import(${JSON.stringify(`file://${bundle}`)});process.stdout.write(String(performance.now()-t));`;
  const samples = Array.from({ length: runs }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
        env: {
          ...process.env,
          TABLE_NAME: 'bench',
          AWS_REGION: 'us-east-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      }).toString(),
    ),
  );
  return median(samples);
}
