import { Aws, CfnOutput } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  OriginProtocolPolicy,
  OriginRequestPolicy,
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
    const distribution = new Distribution(this, 'Distribution', {
      comment: 'Relay API behind AWS WAF',
      webAclId: props.webAclArn,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new HttpOrigin(`${props.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          customHeaders: { [edgeOriginHeader]: originSecret.secretValue.unsafeUnwrap() },
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
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
