import { listPipelines } from '#shared/deals/pipeline.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { pipelineRoutes } from './pipeline-routes.ts';

export const handler = httpHandler(pipelineRoutes.listPipelines, async ({ query }) => {
  return json(200, await listPipelines(deps(), query));
});
