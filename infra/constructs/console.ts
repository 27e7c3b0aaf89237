import { consoleContentSecurityPolicy } from '#shared/console/security-headers.ts';
import { Aws, CfnOutput, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLevel,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleCallbackPath, type ConsoleConfig } from '#shared/console/console-config.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { consoleBuildDirectory } from '../console-build.ts';
import {
  acknowledgeConsoleBucket,
  acknowledgeConsoleDeployment,
  acknowledgeConsoleDistribution,
} from '../nag/acknowledgements.ts';

/**
 * The viewer-request function of the console's distribution (cloudfront-js-2.0): any path that is not
 * a file (`/assets/...` or a top-level `name.ext` such as `/config.json`) is a route of the single-page
 * app and gets `/index.html`. Files go to S3 as they are, so a missing `/assets/x.js` stays a 404
 * (the bucket grants CloudFront ListBucket, so S3 says 404 rather than 403) instead of becoming HTML.
 */
export const spaRewriteSource = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf('/assets/') === 0 || /^\\/[^\\/]+\\.[A-Za-z0-9]+$/.test(uri)) return request;
  request.uri = '/index.html';
  return request;
}`;

/** What the console connects to, known once Auth and Api exist (after the distribution, which they both need). */
export interface ConsoleConnections {
  /** The API's public base URL (the edge's or the custom domain's when the stage has one). */
  apiUrl: string;
  /** The user pool's OIDC issuer (its provider URL). */
  authority: string;
  /** The web app client (authorization code + PKCE, no secret). */
  clientId: string;
  /** The managed login's base URL (https://<prefix>.auth.<region>.amazoncognito.com). */
  cognitoDomainUrl: string;
}

/**
 * The web console in AWS: its static build in a private S3 bucket that only CloudFront may read
 * (origin access control), HTTPS only, with security headers and a CSP, the single-page app's routes
 * answered with index.html, and a `config.json` written at deploy from the stack's own outputs.
 * Built in two steps because Auth and Api need the console's URL and the console needs theirs:
 * the constructor makes the distribution, `connect` fills in its CSP and deploys the files.
 */
export class Console extends Construct {
  /** https://<distribution domain>: the console's origin, which Cognito and the API's CORS allow. */
  readonly url: string;
  readonly distribution: Distribution;
  private readonly bucket: Bucket;
  private connections: ConsoleConnections | undefined;

  constructor(scope: Construct, id: string, props: { config: StageConfig; webAclArn?: string }) {
    super(scope, id);
    const { config } = props;
    const destroy = config.removal === 'destroy';
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // Like the table and logs: dev and staging go with the stack (emptied first), prod's is kept.
      removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      autoDeleteObjects: destroy,
    });
    acknowledgeConsoleBucket(this.bucket);

    const csp = Lazy.string({ produce: () => contentSecurityPolicy(this.connected()) });
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Relay ${config.stage} console: HSTS, CSP, no framing, no sniffing`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        ],
      },
    });
    const spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Relay console: routes of the single-page app get /index.html; files are served as they are',
      code: FunctionCode.fromInline(spaRewriteSource),
      runtime: FunctionRuntime.JS_2_0,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Relay ${config.stage} console`,
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_100,
      httpVersion: HttpVersion.HTTP2_AND_3,
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultBehavior: {
        // ListBucket too, so a file that is not there is S3's 404, not its 403.
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessLevels: [AccessLevel.READ, AccessLevel.LIST],
        }),
        // A person typing http:// is sent to https://; nothing is ever served over plain HTTP (and HSTS pins it).
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // Honors each file's Cache-Control: a year for hashed assets, revalidated for index.html and config.json.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
    });
    acknowledgeConsoleDistribution(this.distribution, { withWaf: props.webAclArn !== undefined });
    this.url = `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'ConsoleUrl', { value: this.url, description: 'The Relay web console' });
  }

  /** Once Auth and Api exist: the CSP's connect-src and form-action, and the deployed files with their config.json. */
  connect(connections: ConsoleConnections): void {
    if (this.connections) throw new Error('Console.connect is called once');
    this.connections = connections;
    const build = consoleBuildDirectory();
    const config: ConsoleConfig = {
      apiUrl: connections.apiUrl,
      auth: {
        mode: 'cognito',
        authority: connections.authority,
        clientId: connections.clientId,
        domain: connections.cognitoDomainUrl,
        redirectUri: `${this.url}${consoleCallbackPath}`,
        postLogoutRedirectUri: `${this.url}/`,
      },
    };
    // Hashed assets first, kept across deploys (a tab still on the previous index.html can load its chunks).
    const assets = new BucketDeployment(this, 'DeployAssets', {
      destinationBucket: this.bucket,
      sources: [Source.asset(build.directory)],
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      memoryLimit: 512,
    });
    // Then index.html, the other top-level files and config.json, always revalidated so a deploy shows at once.
    const entry = new BucketDeployment(this, 'DeployEntry', {
      destinationBucket: this.bucket,
      sources: [Source.asset(build.directory, { exclude: ['config.json'] }), Source.jsonData('config.json', config)],
      exclude: ['assets/*'],
      cacheControl: [CacheControl.noCache()],
      memoryLimit: 512,
    });
    entry.node.addDependency(assets);
    // Each BucketDeployment makes an AWS CLI layer, but the one handler they share uses the first's: drop
    // the unused copy (a resource less, with the stack near CloudFormation's 500).
    entry.node.tryRemoveChild('AwsCliLayer');
    acknowledgeConsoleDeployment(Stack.of(this));
  }

  private connected(): ConsoleConnections {
    if (!this.connections) throw new Error('Console.connect was never called: the CSP would allow no API');
    return this.connections;
  }
}

/** The console's CSP (shared/console/security-headers.ts) with the deployed API and sign-in origins. */
export function contentSecurityPolicy(connections: Pick<ConsoleConnections, 'apiUrl' | 'cognitoDomainUrl'>): string {
  const cognitoIdp = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  return consoleContentSecurityPolicy({
    connect: [connections.apiUrl, connections.cognitoDomainUrl, cognitoIdp],
    formActions: [connections.cognitoDomainUrl],
  });
}
