import { createPipeline } from '#shared/deals/pipeline.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { pipelineRoutes } from './pipeline-routes.ts';

export const handler = httpHandler(pipelineRoutes.createPipeline, async ({ body }) => {
  const pipeline = await createPipeline(deps(), body);
  return json(201, pipeline, { location: `/pipelines/${pipeline.id}`, etag: etagOf(pipeline) });
});
