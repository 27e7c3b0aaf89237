import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { consoleOrigins, consolePreflight } from '../kit/console-cors.ts';

/**
 * `OPTIONS /{proxy+}`: the browser's preflight before the console's cross-origin calls (they carry
 * Authorization). Routes with an OPTIONS route of their own (the form post) are more specific and win.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  consolePreflight(
    { origin: event.headers?.origin, requestMethod: event.headers?.['access-control-request-method'] },
    consoleOrigins(),
  );
