import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleDist } from '../../local/console-build.ts';

describe('the console that npm start, the browser tests and the bench serve', () => {
  it("is React's production build, though the test run that built it has NODE_ENV=test", () => {
    // The global setup built it (when stale) in this run's main process, where vitest sets NODE_ENV.
    expect(process.env.NODE_ENV).toBe('test');
    const assets = join(consoleDist, 'assets');
    const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(5);
    // React's development build captures an Error per element for its owner stacks, under this name.
    const development = scripts.filter((file) =>
      readFileSync(join(assets, file), 'utf8').includes('react-stack-top-frame'),
    );
    expect(development).toEqual([]);
    expect(JSON.parse(readFileSync(join(consoleDist, '.built-from.json'), 'utf8'))).toMatchObject({
      nodeEnv: 'production',
    });
  });
});
