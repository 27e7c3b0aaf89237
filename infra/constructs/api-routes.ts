import { NestedStack } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { RouteSpec } from '#functions/http/kit/route.ts';
import { consolePreflightEntry, consoleOriginsVariable } from '#functions/http/kit/console-cors.ts';
import { httpRoutes } from '#functions/http/routes.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { acknowledgePublicRoute } from '../nag/acknowledgements.ts';
import { grantSendEmail, RelayFunction } from './relay-function.ts';

/**
 * The routes of functions/http/routes.ts on the stage's HTTP API (the local server serves the same
 * table): one route per entry, one Lambda per route group (entry module), with the group's widest
 * table access. A nested stack of its own, because routes and route groups are what Relay adds most
 * often: they grow here, far from CloudFormation's 500 resources of the stage's stack. Nothing in it
 * holds data or a name anyone keeps, so a deploy may replace any of it (README, "Deploy").
 */
export class ApiRoutes extends NestedStack {
  /** Route-group functions whose routes set timers; the stack grants them scheduling once Timers exists. */
  readonly timerSetters: NodejsFunction[] = [];
  /** Route-group functions that resume waiting workflow states; Workflows grants them on the state machines that wait. */
  readonly workflowResumers: NodejsFunction[] = [];
  /** Route-group functions that serve public routes (behind the edge, they check its origin header). */
  readonly publicRouteFunctions: NodejsFunction[] = [];
  /** Route-group functions that show or send campaign mail: the stack gives them the public URL once it is known. */
  readonly campaignMailers: NodejsFunction[] = [];

  constructor(
    scope: Construct,
    id: string,
    props: {
      config: StageConfig;
      table: ITableV2;
      httpApi: HttpApi;
      appSecrets: ISecret;
      consoleOrigin: string;
      userPool: IUserPool;
      /** The SES configuration set campaign mail goes through (test sends too). */
      marketingConfigurationSet: string;
    },
  ) {
    super(scope, id, { description: `Relay CRM (${props.config.stage}): the HTTP API's routes and their functions` });
    const groups = new Map<string, RouteSpec[]>();
    for (const route of httpRoutes) groups.set(route.entry, [...(groups.get(route.entry) ?? []), route]);
    for (const [entry, routes] of groups) {
      const groupName = entry.split('/').at(-2) ?? entry;
      const handler = new RelayFunction(this, `${groupName}-routes`, {
        entry,
        description: `HTTP: ${routes.map((route) => route.name).join(', ')}`.slice(0, 256),
        config: props.config,
        table: props.table,
        tableAccess: routes.some((route) => route.tableAccess === 'readWrite') ? 'readWrite' : 'read',
        environment: {
          [consoleOriginsVariable]: props.consoleOrigin,
          ...(routes.some((route) => route.usesAppSecrets) ? { APP_SECRETS_ARN: props.appSecrets.secretArn } : {}),
          ...(routes.some((route) => route.usesCampaignMail || route.sendsEmail)
            ? {
                EMAIL_FROM: props.config.email.from,
                ...(props.config.email.replyTo ? { EMAIL_REPLY_TO: props.config.email.replyTo } : {}),
              }
            : {}),
          ...(routes.some((route) => route.sendsEmail)
            ? { SES_CONFIGURATION_SET: props.marketingConfigurationSet }
            : {}),
          ...(routes.some((route) => route.readsUserEmails) ? { USER_POOL_ID: props.userPool.userPoolId } : {}),
          ...(routes.some((route) => route.usesSupportEmail) && props.config.support
            ? { SUPPORT_ADDRESS: props.config.support.address }
            : {}),
        },
      });
      if (routes.some((route) => route.usesCampaignMail || route.sendsEmail))
        this.campaignMailers.push(handler.function);
      if (routes.some((route) => route.sendsEmail)) grantSendEmail(handler.function, props.config);
      if (routes.some((route) => route.readsUserEmails))
        handler.function.addToRolePolicy(
          new PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [props.userPool.userPoolArn] }),
        );
      if (routes.some((route) => route.usesAppSecrets)) props.appSecrets.grantRead(handler.function);
      if (routes.some((route) => route.setsTimers)) this.timerSetters.push(handler.function);
      if (routes.some((route) => route.resumesWorkflows)) this.workflowResumers.push(handler.function);
      if (routes.some((route) => route.access === 'public')) this.publicRouteFunctions.push(handler.function);
      // One invoke permission per function for this API, not one per route: a resource less per route.
      const integration = new HttpLambdaIntegration(`${groupName}-integration`, handler.function, {
        scopePermissionToRoute: false,
      });
      for (const route of routes) {
        const added = this.route(props.httpApi, route.method, route.path, integration, route.access === 'public');
        if (route.access === 'public') acknowledgePublicRoute(added, route.publicBecause ?? route.summary);
      }
    }
    // CORS for the console's origin, in the functions rather than API Gateway's CORS setting, which would
    // answer every preflight itself and drop the form post's per-form CORS headers (kit/console-cors.ts).
    const preflight = new RelayFunction(this, 'ConsolePreflight', {
      entry: consolePreflightEntry,
      description: 'HTTP: CORS preflight of the console (OPTIONS /{proxy+})',
      config: props.config,
      table: props.table,
      tableAccess: 'none',
      environment: { [consoleOriginsVariable]: props.consoleOrigin },
    });
    const preflightRoute = this.route(
      props.httpApi,
      'OPTIONS',
      '/{proxy+}',
      new HttpLambdaIntegration('ConsolePreflight-integration', preflight.function, { scopePermissionToRoute: false }),
      true,
    );
    acknowledgePublicRoute(
      preflightRoute,
      'browsers send CORS preflights without credentials; it answers 204, with allow headers for the console origin only, and reads nothing.',
    );
  }

  /**
   * A route in this stack on the parent's API (`httpApi.addRoutes` would put it beside the API): the
   * Cognito authorizer, the API's default, unless the route is public.
   */
  private route(
    httpApi: HttpApi,
    method: keyof typeof HttpMethod,
    path: string,
    integration: HttpLambdaIntegration,
    isPublic: boolean,
  ): HttpRoute {
    return new HttpRoute(this, `${method}${path}`, {
      httpApi,
      routeKey: HttpRouteKey.with(path, HttpMethod[method]),
      integration,
      ...(isPublic ? { authorizer: new HttpNoneAuthorizer() } : {}),
    });
  }
}
