import { Aws, CfnOutput, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
  UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roles } from '#shared/auth/principal.ts';
import { consoleCallbackPath } from '#shared/console/console-config.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { acknowledgeUserPoolSettings } from '../nag/acknowledgements.ts';

/**
 * Who may call the API: a Cognito user pool whose groups are Relay's roles, an app client for
 * people (authorization code + PKCE), and one app client per integration of the stage config
 * (client credentials), each allowed only its own `relay/<role>` scopes, which grant those roles.
 * API Gateway verifies every token before a Lambda runs.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly authorizer: HttpJwtAuthorizer;
  /** The app client people sign in with (the console's): authorization code + PKCE, no secret. */
  readonly webClient: UserPoolClient;
  /** The managed login (and OAuth endpoints) of the pool. */
  readonly domain: UserPoolDomain;

  /** `consoleUrl`: the web console's origin, where the managed login sends people back to. */
  constructor(scope: Construct, id: string, props: { config: StageConfig; consoleUrl: string }) {
    super(scope, id);
    const { config } = props;
    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `relay-${config.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: config.auth.mfa === 'required' ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireSymbols: true,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: config.auth.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(config.auth.threatProtection
        ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: config.removal === 'retain',
      removalPolicy: config.removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledgeUserPoolSettings(this.userPool, config.auth);
    for (const role of roles) {
      new CfnUserPoolGroup(this, `${role}-group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Relay ${role} role`,
      });
    }
    const roleScopes = roles.map(
      (role) => new ResourceServerScope({ scopeName: role, scopeDescription: `Act with the ${role} role` }),
    );
    const resourceServer = new UserPoolResourceServer(this, 'Api', {
      userPool: this.userPool,
      identifier: 'relay',
      scopes: roleScopes,
    });

    // A public client (no secret: it runs in the browser), so Cognito requires PKCE on its code flow.
    const webClient = (this.webClient = new UserPoolClient(this, 'WebClient', {
      userPool: this.userPool,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [...config.auth.callbackUrls, `${props.consoleUrl}${consoleCallbackPath}`],
        logoutUrls: [`${props.consoleUrl}/`],
      },
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      preventUserExistenceErrors: true,
    }));
    // Cognito refuses a client credentials token for a scope its app client does not list, so each
    // integration can mint its own roles only. Scopes are named as Cognito writes them (resource server
    // identifier / scope), after the resource server exists.
    const integrationClients = config.auth.integrations.map((integration) => {
      const client = new UserPoolClient(this, `Integration-${integration.name}`, {
        userPool: this.userPool,
        userPoolClientName: `relay-${config.stage}-${integration.name}`,
        generateSecret: true,
        oAuth: {
          flows: { clientCredentials: true },
          scopes: integration.scopes.map((scope) => OAuthScope.custom(scope)),
        },
        accessTokenValidity: Duration.hours(1),
      });
      client.node.addDependency(resourceServer);
      new CfnOutput(this, `IntegrationClientId-${integration.name}`, {
        value: client.userPoolClientId,
        description: `App client of ${integration.name} (client credentials; scopes ${integration.scopes.join(' ')})`,
      });
      return client;
    });
    // The managed login needs a domain, whose prefix is unique across all of Cognito in the region: by
    // default relay-<stage>- and the first block of this stack's id (a UUID CloudFormation draws per
    // stack), so two deployments of Relay never collide; auth.domainPrefix sets your own.
    const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: {
        domainPrefix:
          config.auth.domainPrefix ?? Fn.join('-', ['relay', config.stage, Fn.select(0, Fn.split('-', stackUuid))]),
      },
    });

    this.authorizer = new HttpJwtAuthorizer('CognitoJwt', this.userPool.userPoolProviderUrl, {
      jwtAudience: [webClient.userPoolClientId, ...integrationClients.map((client) => client.userPoolClientId)],
    });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: webClient.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: this.domain.baseUrl(), description: 'Cognito managed login' });
  }
}
