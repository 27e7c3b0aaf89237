import type { LocalEndpoint } from './http-server.ts';

/** The id the local stack gives its user pool (USER_POOL_ID); a call naming another pool is refused, as in AWS. */
export const localUserPoolId = 'local_relay';

/** A user of the local pool: the token's username and subject, and the email attribute Cognito would hold. */
interface PoolUser {
  subject: string;
  username: string;
  email: string;
}

function awsJsonError(type: string, message: string): [number, Record<string, string>, string] {
  return [400, { 'x-amzn-errortype': type }, JSON.stringify({ __type: type, message })];
}

/**
 * Stands in for Cognito's user pool API (`AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`), for the one call Relay
 * makes: AdminGetUser, by username or sub, answering the user's attributes as Cognito's JSON protocol does;
 * an unknown user is `UserNotFoundException`, another pool `ResourceNotFoundException`, any other call refused.
 * The least-privilege check runs in the SDK client before this is reached.
 */
export function localUserPool(users: readonly PoolUser[]): LocalEndpoint {
  return async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers['x-amz-target'] ?? '');
    const answer = ((): [number, Record<string, string>, string] => {
      if (target !== 'AWSCognitoIdentityProviderService.AdminGetUser')
        return awsJsonError(
          'UnknownOperationException',
          `The local user pool answers AdminGetUser only, not ${target}.`,
        );
      let input: { UserPoolId?: unknown; Username?: unknown };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
      } catch {
        return awsJsonError('SerializationException', 'The body is not JSON.');
      }
      if (input.UserPoolId !== localUserPoolId)
        return awsJsonError('ResourceNotFoundException', `User pool ${String(input.UserPoolId)} does not exist.`);
      const user = users.find((each) => each.username === input.Username || each.subject === input.Username);
      if (!user) return awsJsonError('UserNotFoundException', 'User does not exist.');
      return [
        200,
        {},
        JSON.stringify({
          Username: user.username,
          Enabled: true,
          UserStatus: 'CONFIRMED',
          UserAttributes: [
            { Name: 'sub', Value: user.subject },
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      ];
    })();
    const [status, headers, body] = answer;
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...headers });
    response.end(body);
  };
}
