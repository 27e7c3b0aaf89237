import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ApiMapping, CfnStage, DomainName, HttpApi, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { acknowledgeAppSecret } from '../nag/acknowledgements.ts';

/**
 * The stage's HTTP API itself: the API (whose id is in every link Relay has mailed, unless the stage
 * has its own domain), its stage with access logs and throttling, the Cognito authorizer, the custom
 * domain, and the app secret. These stay in the stage's own stack; the routes and their functions are
 * in the ApiRoutes nested stack (api-routes.ts).
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly appSecrets: Secret;
  /** The API's public base URL: the custom domain when the stage has one. Links in emails use it. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: { config: StageConfig; authorizer: HttpJwtAuthorizer }) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `relay-${props.config.stage}`,
      description: 'Relay CRM API',
      // Every route needs a verified Cognito token unless the route table marks it public.
      defaultAuthorizer: props.authorizer,
    });
    // One random master key (from which each purpose's key is derived) plus webhook credentials an admin adds.
    this.appSecrets = new Secret(this, 'AppSecrets', {
      description: 'Relay signing master key, webhook source secrets, Turnstile secret',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ webhookSources: {} }),
        generateStringKey: 'masterKey',
        passwordLength: 48,
        excludePunctuation: true,
      },
      removalPolicy: props.config.removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledgeAppSecret(this.appSecrets);
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
