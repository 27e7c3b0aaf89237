import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';

// A CommonJS module: under tsx its factory is `default`, under vitest the module itself.
type Factory = typeof sesLocal.default;
const startSesServer: Factory =
  (sesLocal as unknown as { default?: Factory }).default ?? (sesLocal as unknown as Factory);

/**
 * aws-ses-v2-local on loopback: an SES v1/v2 API endpoint whose outbox is a web page (`url`)
 * and JSON (`url/store`).
 */
export async function startLocalSes(port: number): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const server = await startSesServer({ host: '127.0.0.1', port });
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
