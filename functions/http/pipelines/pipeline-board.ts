import { pipelineBoard } from '#shared/deals/deal.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { pipelineRoutes } from './pipeline-routes.ts';

export const handler = httpHandler(pipelineRoutes.pipelineBoard, async ({ path, query }) => {
  return json(200, await pipelineBoard(deps(), path.pipelineId, query.perStage));
});
