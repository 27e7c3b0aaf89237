import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from './stats.ts';

/**
 * Module init time of a bundle in a fresh Node process (what a cold start pays after the runtime
 * is up): the time to import it, median of `runs` processes, one after another.
 */
export async function initTimeMs(bundle: string, runs: number): Promise<number> {
  const probe = `const t=performance.now();await import(${JSON.stringify(`file://${bundle}`)});process.stdout.write(String(performance.now()-t));`;
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', probe], {
      env: {
        ...process.env,
        TABLE_NAME: 'bench',
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    samples.push(Number(stdout));
  }
  return median(samples);
}
