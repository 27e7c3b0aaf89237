import { updatePipeline } from '#shared/deals/pipeline.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { pipelineRoutes } from './pipeline-routes.ts';

export const handler = httpHandler(pipelineRoutes.updatePipeline, async ({ path, body, event }) => {
  const pipeline = await updatePipeline(deps(), path.pipelineId, body, expectedVersionFrom(event));
  return json(200, pipeline, { etag: etagOf(pipeline) });
});
