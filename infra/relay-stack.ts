import { Stack, Tags, type CfnElement, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from './config/stage-config.ts';
import { Api } from './constructs/api.ts';
import { ApiRoutes } from './constructs/api-routes.ts';
import { Auth } from './constructs/auth.ts';
import { Console } from './constructs/console.ts';
import { EmailEvents } from './constructs/email-events.ts';
import { EmailReplies } from './constructs/email-replies.ts';
import { Edge } from './constructs/edge.ts';
import { Events } from './constructs/events.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Storage } from './constructs/storage.ts';
import { Subscribers } from './constructs/subscribers.ts';
import { SupportEmail } from './constructs/support-email.ts';
import { Timers } from './constructs/timers.ts';
import { Workflows } from './constructs/workflows.ts';
import { acknowledgeStackFindings, type StackWideFinding } from './nag/acknowledgements.ts';

/**
 * One stage of Relay: storage, events, API and workflows, all configured by the stage's typed config.
 * The API's routes and their functions are a nested stack (ApiRoutes), where most growth lands; what
 * holds data, a name or id others keep, or running work stays in this stack (README, "Stacks").
 */
export class RelayStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { config: StageConfig; webAclArn?: string }) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('app', 'relay');
    Tags.of(this).add('stage', config.stage);
    const storage = new Storage(this, 'Storage', { config });
    const events = new Events(this, 'Events', { config, table: storage.table });
    // The console's distribution first: the sign-in client and the API's CORS name its origin.
    const webConsole = new Console(this, 'Console', {
      config,
      ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}),
    });
    const auth = new Auth(this, 'Auth', { config, consoleUrl: webConsole.url });
    const api = new Api(this, 'Api', { config, authorizer: auth.authorizer });
    const routes = new ApiRoutes(this, 'Routes', {
      config,
      table: storage.table,
      httpApi: api.httpApi,
      appSecrets: api.appSecrets,
      consoleOrigin: webConsole.url,
      userPool: auth.userPool,
      marketingConfigurationSet: EmailEvents.configurationSetNameFor(config),
    });
    // With the edge option, the public URL (and every link in Relay's emails) is CloudFront's, behind the WAF.
    const publicUrl = props.webAclArn
      ? new Edge(this, 'Edge', {
          api: api.httpApi,
          webAclArn: props.webAclArn,
          publicRouteFunctions: routes.publicRouteFunctions,
        }).url
      : api.publicUrl;
    // The unsubscribe links a preview or a test shows are the public URL's, known only now (the edge's needs the routes).
    for (const fn of routes.campaignMailers) fn.addEnvironment('PUBLIC_API_URL', publicUrl);
    webConsole.connect({
      apiUrl: publicUrl,
      authority: auth.userPool.userPoolProviderUrl,
      clientId: auth.webClient.userPoolClientId,
      cognitoDomainUrl: auth.domain.baseUrl(),
    });
    const timers = new Timers(this, 'Timers', {
      config,
      table: storage.table,
      publicApiUrl: publicUrl,
      appSecrets: api.appSecrets,
    });
    for (const fn of routes.timerSetters) timers.grantScheduling(fn);
    const emailEvents = new EmailEvents(this, 'EmailEvents', { config, table: storage.table });
    const replies = config.email.replyTo
      ? new EmailReplies(this, 'EmailReplies', { config, table: storage.table, replyTo: config.email.replyTo })
      : undefined;
    if (config.support)
      new SupportEmail(this, 'SupportEmail', {
        config,
        table: storage.table,
        support: config.support,
        ...(replies ? { ruleSet: replies.ruleSet } : {}),
      });
    new Workflows(this, 'Workflows', {
      config,
      table: storage.table,
      bus: events.bus,
      timers,
      publicApiUrl: publicUrl,
      appSecrets: api.appSecrets,
      marketingConfigurationSet: emailEvents.configurationSetName,
      workflowResumers: routes.workflowResumers,
    });
    new Subscribers(this, 'Subscribers', {
      config,
      table: storage.table,
      bus: events.bus,
      appSecrets: api.appSecrets,
      publicApiUrl: publicUrl,
      timers,
    });
    // Each stack acknowledges only the stack-wide findings of what it holds (infra/nag/acknowledgements.ts).
    const names = { table: this.getLogicalId(storage.table.node.defaultChild as CfnElement), stage: config.stage };
    const tableKey: StackWideFinding[] = config.table.encryption === 'customer-managed' ? ['tableKey'] : [];
    acknowledgeStackFindings(this, names, [
      'unscopableActions',
      'tableIndexes',
      'timerSchedules',
      'taskFunctionVersions',
      ...tableKey,
    ]);
    acknowledgeStackFindings(routes, names, ['unscopableActions', 'tableIndexes', 'timerSchedules', ...tableKey]);
    // Last: it alarms on every function, queue and state machine created above, nested stacks included.
    new Monitoring(this, 'Monitoring', { config, api: api.httpApi });
  }
}
