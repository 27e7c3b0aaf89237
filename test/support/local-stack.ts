import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { repositoryRoot } from '../../local/handler-loader.ts';

export type DevUser = 'admin' | 'marketing' | 'salesAda' | 'salesGrace';

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions reach into arbitrary JSON
}

export interface RunningStack {
  apiUrl: string;
  /** The demo-partner webhook source's secret, as npm start prints it. */
  webhookSecret: string;
  tokens: Record<DevUser, string>;
  /** Calls the API as `as` (default admin; null = no token). A string body is sent as is. */
  api(method: string, path: string, body?: unknown, options?: { as?: DevUser | null; headers?: Record<string, string> }): Promise<ApiResponse>;
  sesUrl: string;
  dynamoDbEndpoint: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts the local CRM exactly as `npm start` does (same entry point), on free ports, and reads the URLs it prints. */
export async function startLocalStack(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<RunningStack> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/start.ts', '--in-memory', '--port', '0', '--dynamodb-port', '0', '--ses-port', '0', ...extraArgs],
    { cwd: repositoryRoot, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 45_000;
  while (!output.includes('Press Ctrl+C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The local stack did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = (label: string) => new RegExp(`${label}\\s+(http://[\\d.:]+)`).exec(output)?.[1] ?? '';
  const apiUrl = url('API');
  const tokens = (await (await fetch(`${apiUrl}/_local/tokens`)).json()) as Record<DevUser, string>;
  const api: RunningStack['api'] = async (method, path, body, options = {}) => {
    const as = options.as === undefined ? 'admin' : options.as;
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
        ...options.headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
  };
  return {
    apiUrl,
    webhookSecret: /secret: (whsec_\S+)/.exec(output)?.[1] ?? '',
    tokens,
    api,
    sesUrl: url('Email outbox'),
    dynamoDbEndpoint: url('DynamoDB Local'),
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
