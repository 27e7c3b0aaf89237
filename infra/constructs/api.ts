import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ApiMapping,
  CfnStage,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RouteSpec } from '#functions/http/kit/route.ts';
import { consolePreflightEntry, consoleOriginsVariable } from '#functions/http/kit/console-cors.ts';
import { httpRoutes } from '#functions/http/routes.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { acknowledgeAppSecret, acknowledgePublicRoute } from '../nag/acknowledgements.ts';
import { RelayFunction } from './relay-function.ts';

/**
 * The HTTP API from functions/http/routes.ts (the local server serves the same table): one route per
 * entry, one Lambda per route group (entry module), with the group's widest table access.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly appSecrets: Secret;
  /** Route-group functions whose routes set timers; the stack grants them scheduling once Timers exists. */
  readonly timerSetters: NodejsFunction[] = [];
  /** Route-group functions that resume waiting workflow states; Workflows grants them on the state machines that wait. */
  readonly workflowResumers: NodejsFunction[] = [];
  /** Route-group functions that serve public routes (behind the edge, they check its origin header). */
  readonly publicRouteFunctions: NodejsFunction[] = [];
  /** The API's public base URL: the custom domain when the stage has one. Links in emails use it. */
  readonly publicUrl: string;

  constructor(
    scope: Construct,
    id: string,
    props: { config: StageConfig; table: TableV2; authorizer: HttpJwtAuthorizer; consoleOrigin: string },
  ) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `relay-${props.config.stage}`,
      description: 'Relay CRM API',
      // Every route needs a verified Cognito token unless the route table marks it public.
      defaultAuthorizer: props.authorizer,
    });
    // One random master key (from which each purpose's key is derived) plus webhook credentials an admin adds.
    const appSecrets = (this.appSecrets = new Secret(this, 'AppSecrets', {
      description: 'Relay signing master key, webhook source secrets, Turnstile secret',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ webhookSources: {} }),
        generateStringKey: 'masterKey',
        passwordLength: 48,
        excludePunctuation: true,
      },
      removalPolicy: props.config.removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    }));
    acknowledgeAppSecret(appSecrets);
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
          ...(routes.some((route) => route.usesAppSecrets) ? { APP_SECRETS_ARN: appSecrets.secretArn } : {}),
        },
      });
      if (routes.some((route) => route.usesAppSecrets)) appSecrets.grantRead(handler.function);
      if (routes.some((route) => route.setsTimers)) this.timerSetters.push(handler.function);
      if (routes.some((route) => route.resumesWorkflows)) this.workflowResumers.push(handler.function);
      if (routes.some((route) => route.access === 'public')) this.publicRouteFunctions.push(handler.function);
      // One invoke permission per function for this API, not one per route: keeps the stack far below 500 resources.
      const integration = new HttpLambdaIntegration(`${groupName}-integration`, handler.function, {
        scopePermissionToRoute: false,
      });
      for (const route of routes) {
        const added = this.httpApi.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
          ...(route.access === 'public' ? { authorizer: new HttpNoneAuthorizer() } : {}),
        });
        if (route.access === 'public')
          for (const construct of added) acknowledgePublicRoute(construct, route.publicBecause ?? route.summary);
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
    const preflightRoutes = this.httpApi.addRoutes({
      path: '/{proxy+}',
      methods: [HttpMethod.OPTIONS],
      integration: new HttpLambdaIntegration('ConsolePreflight-integration', preflight.function, {
        scopePermissionToRoute: false,
      }),
      authorizer: new HttpNoneAuthorizer(),
    });
    for (const construct of preflightRoutes)
      acknowledgePublicRoute(
        construct,
        'browsers send CORS preflights without credentials; it answers 204, with allow headers for the console origin only, and reads nothing.',
      );
    // Access logs (no source IP or user agent: personal data stays out of logs) and stage-wide throttling.
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.config.functions.logRetentionDays,
      removalPolicy: props.config.removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const stage = this.httpApi.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTimeEpoch',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
        authorizerError: '$context.authorizer.error',
      }),
    };
    stage.defaultRouteSettings = {
      throttlingRateLimit: props.config.api.throttle.rateLimit,
      throttlingBurstLimit: props.config.api.throttle.burstLimit,
    };
    const domain = props.config.api.domain;
    if (domain) {
      const domainName = new DomainName(this, 'Domain', {
        domainName: domain.name,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      new ApiMapping(this, 'DomainMapping', { api: this.httpApi, domainName });
      new CfnOutput(this, 'ApiDomainTarget', {
        value: domainName.regionalDomainName,
        description: `Point a CNAME for ${domain.name} here`,
      });
    }
    this.publicUrl = domain ? `https://${domain.name}` : this.httpApi.apiEndpoint;
    new CfnOutput(this, 'ApiUrl', {
      value: this.publicUrl,
      description: 'Base URL of the Relay API (and of the links in its emails)',
    });
  }
}
