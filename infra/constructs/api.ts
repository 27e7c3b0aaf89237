import { CfnOutput } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { httpRoutes } from '#functions/http/routes.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { RelayFunction } from './relay-function.ts';

/** The HTTP API: one Lambda and one route per entry of functions/http/routes.ts (the local server serves the same table). */
export class Api extends Construct {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: { config: StageConfig; table: TableV2 }) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `relay-${props.config.stage}`,
      description: 'Relay CRM API',
      // Until user auth (Cognito JWT) lands, only SigV4-signed callers with IAM permission get in:
      // a deployed stage is never an open door to contact data.
      defaultAuthorizer: new HttpIamAuthorizer(),
    });
    for (const route of httpRoutes) {
      const handler = new RelayFunction(this, route.name, {
        entry: route.entry,
        description: `${route.method} ${route.path}`,
        config: props.config,
        table: props.table,
        tableAccess: route.tableAccess,
      });
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.name}Integration`, handler.function),
      });
    }
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint, description: 'Base URL of the Relay API' });
  }
}
