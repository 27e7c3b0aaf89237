import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { repositoryRoot } from './handler-loader.ts';

export interface SpawnedStack {
  apiUrl: string;
  /** The console's URL, when started with `--console-port` (0 for a free port); otherwise none is served. */
  consoleUrl?: string;
  sesUrl: string;
  dynamoDbEndpoint: string;
  /** The table the stack keeps its data in. */
  tableName: string;
  /** The demo-partner webhook source's secret, as npm start prints it. */
  webhookSecret: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/**
 * Starts the local CRM in a child process exactly as `npm start` does (same entry point), in memory
 * and on free ports, and reads the URLs it prints. Tests and the load test drive it from outside,
 * so their own work never shares the server's event loop. Pass `--dynamodb-endpoint URL --table NAME`
 * to use a DynamoDB Local that is already running (the tests' shared one) instead of starting a JVM.
 */
export async function spawnLocalStack(
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<SpawnedStack> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/start.ts',
      '--in-memory',
      '--port',
      '0',
      '--dynamodb-port',
      '0',
      '--ses-port',
      '0',
      // The console is built once by the tests' global setup; a stack serves it only when asked to.
      ...(extraArgs.includes('--console-port') ? [] : ['--no-console']),
      ...extraArgs,
    ],
    {
      cwd: repositoryRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Generous: on two cores that other work keeps busy, a start has taken 20 s (its own JVM, more).
  const deadline = Date.now() + 90_000;
  while (!output.includes('Press Ctrl+C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The local stack did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = (label: string) => new RegExp(`${label}\\s+(http://[\\d.:]+)`).exec(output)?.[1] ?? '';
  const consoleUrl = url('Console');
  return {
    apiUrl: url('API'),
    ...(consoleUrl ? { consoleUrl } : {}),
    sesUrl: url('Email outbox'),
    dynamoDbEndpoint: url('DynamoDB Local'),
    tableName: /DynamoDB Local\s+\S+\s+\(table (\S+)\)/.exec(output)?.[1] ?? '',
    webhookSecret: /secret: (whsec_\S+)/.exec(output)?.[1] ?? '',
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
