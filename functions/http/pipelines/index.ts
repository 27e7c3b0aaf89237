import { handler as createPipeline } from './create-pipeline.ts';
import { handler as getPipeline } from './get-pipeline.ts';
import { handler as listPipelines } from './list-pipelines.ts';
import { handler as pipelineBoard } from './pipeline-board.ts';
import { handler as updatePipeline } from './update-pipeline.ts';
import { routeGroup } from '../kit/route-group.ts';
import { pipelineRoutes } from './pipeline-routes.ts';

/** The Lambda behind every pipelines route (see routeGroup). */
export const handler = routeGroup([
  [pipelineRoutes.createPipeline, createPipeline],
  [pipelineRoutes.listPipelines, listPipelines],
  [pipelineRoutes.getPipeline, getPipeline],
  [pipelineRoutes.updatePipeline, updatePipeline],
  [pipelineRoutes.pipelineBoard, pipelineBoard],
]);
