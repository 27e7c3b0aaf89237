import { getPipeline } from '#shared/deals/pipeline.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { pipelineRoutes } from './pipeline-routes.ts';

export const handler = httpHandler(pipelineRoutes.getPipeline, async ({ path }) => {
  const pipeline = await getPipeline(deps(), path.pipelineId);
  return json(200, pipeline, { etag: etagOf(pipeline) });
});
