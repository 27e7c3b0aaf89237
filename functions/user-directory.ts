import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserDirectory } from '#shared/auth/user-directory.ts';

/**
 * The user pool as a directory of who signed in: AdminGetUser by the token's username (Cognito's access
 * tokens carry no email). Locally the same call goes to the local user pool's stand-in (`/_local/cognito-idp`).
 */
export function cognitoUserDirectory(
  userPoolId: string | undefined = process.env.USER_POOL_ID,
  client = new CognitoIdentityProviderClient({}),
): UserDirectory {
  return {
    async emailOf({ subject, username }) {
      if (!userPoolId) throw new Error('USER_POOL_ID is not set: this function was not given the user pool');
      try {
        const user = await client.send(
          new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username ?? subject }),
        );
        const attribute = (name: string) => user.UserAttributes?.find((each) => each.Name === name)?.Value;
        return attribute('email') || undefined;
      } catch (error) {
        if (error instanceof UserNotFoundException) return undefined;
        throw error;
      }
    },
  };
}
