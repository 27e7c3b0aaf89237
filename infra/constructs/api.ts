import { CfnOutput } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { httpRoutes } from '#functions/http/routes.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { RelayFunction } from './relay-function.ts';

/** The HTTP API: one Lambda and one route per entry of functions/http/routes.ts (the local server serves the same table). */
export class Api extends Construct {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: { config: StageConfig; table: TableV2; authorizer: HttpJwtAuthorizer }) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `relay-${props.config.stage}`,
      description: 'Relay CRM API',
      // Every route needs a verified Cognito token unless the route table marks it public.
      defaultAuthorizer: props.authorizer,
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
        ...(route.access === 'public' ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
    }
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint, description: 'Base URL of the Relay API' });
  }
}
