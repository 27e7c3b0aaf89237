import { Aws, CfnOutput } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeDistribution, acknowledgeEdgeOriginSecret } from '../nag/acknowledgements.ts';

/** The header CloudFront adds to every request it forwards; public routes refuse requests without it. */
export const edgeOriginHeader = 'x-relay-origin';

/**
 * The routes that use the client's IP (the form post: its rate limit and consent proof), as CloudFront
 * path patterns. Behind CloudFront, API Gateway's source IP is CloudFront's, so these get an origin
 * request policy that adds `CloudFront-Viewer-Address` (the viewer's IP and source port, per AWS's
 * "Add CloudFront request headers"). The managed AllViewerExceptHostHeader policy cannot take a
 * CloudFront header in addition, and an allow-list cannot name `Authorization` (CloudFront refuses
 * it in origin request policies), so the protected routes keep the default behaviour and these public
 * ones get their own, with every header their handler reads.
 */
export const clientIpRoutes = {
  pathPatterns: ['/forms/*/submissions'],
  headers: [
    'CloudFront-Viewer-Address',
    'Content-Type',
    'Origin',
    'Idempotency-Key',
    'Access-Control-Request-Method',
    'Access-Control-Request-Headers',
  ],
} as const;

/**
 * CloudFront in front of the API, with the stage's WAF. The distribution adds a secret header that the
 * public routes check, so nobody can go around the WAF to the API's own endpoint; protected routes
 * need a Cognito token either way. Nothing is cached: every request reaches the API.
 */
export class Edge extends Construct {
  readonly url: string;

  constructor(
    scope: Construct,
    id: string,
    props: { api: HttpApi; webAclArn: string; publicRouteFunctions: IFunction[] },
  ) {
    super(scope, id);
    const originSecret = new Secret(this, 'OriginSecret', {
      description: 'Header value CloudFront sends so public routes know the request passed the WAF',
      generateSecretString: { excludePunctuation: true, passwordLength: 40 },
    });
    acknowledgeEdgeOriginSecret(originSecret);
    const origin = new HttpOrigin(`${props.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      customHeaders: { [edgeOriginHeader]: originSecret.secretValue.unsafeUnwrap() },
    });
    const behaviour = {
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
    };
    const withViewerAddress = new OriginRequestPolicy(this, 'ViewerAddress', {
      comment: 'Relay public routes that use the client IP: their headers plus CloudFront-Viewer-Address',
      headerBehavior: OriginRequestHeaderBehavior.allowList(...clientIpRoutes.headers),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });
    const distribution = new Distribution(this, 'Distribution', {
      comment: 'Relay API behind AWS WAF',
      webAclId: props.webAclArn,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: { ...behaviour, originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER },
      additionalBehaviors: Object.fromEntries(
        clientIpRoutes.pathPatterns.map((pattern) => [
          pattern,
          { ...behaviour, originRequestPolicy: withViewerAddress },
        ]),
      ),
    });
    acknowledgeDistribution(distribution);
    for (const fn of props.publicRouteFunctions) {
      originSecret.grantRead(fn);
      (fn as IFunction & { addEnvironment(key: string, value: string): void }).addEnvironment(
        'EDGE_ORIGIN_SECRET_ARN',
        originSecret.secretArn,
      );
    }
    this.url = `https://${distribution.distributionDomainName}`;
    new CfnOutput(this, 'EdgeUrl', {
      value: this.url,
      description: 'The public URL (CloudFront + WAF); links in emails use it',
    });
  }
}
