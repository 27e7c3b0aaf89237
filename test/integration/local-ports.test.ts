import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree, freePort } from '../../local/ports.ts';

describe('local runtime ports', () => {
  it('refuses a taken port with a message naming the flag to change', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    await expect(assertPortFree(port, 'DynamoDB Local', '--dynamodb-port')).rejects.toThrow(
      /Port \d+ \(DynamoDB Local\) is already in use.*--dynamodb-port/,
    );
    server.close();
  });

  it('accepts a free port', async () => {
    await expect(assertPortFree(await freePort(), 'HTTP API', '--port')).resolves.toBeUndefined();
  });
});
