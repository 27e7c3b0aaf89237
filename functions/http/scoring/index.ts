import { routeGroup } from '../kit/route-group.ts';
import { handler as getContactScore } from './get-contact-score.ts';
import { handler as getScoringModel } from './get-scoring-model.ts';
import { handler as putScoringModel } from './put-scoring-model.ts';
import { handler as scoreContactWithModel } from './score-contact-with-model.ts';
import { scoringRoutes } from './scoring-routes.ts';
import { handler as trackEngagement } from './track-engagement.ts';

/** The Lambda behind every scoring route (see routeGroup). */
export const handler = routeGroup([
  [scoringRoutes.getScoringModel, getScoringModel],
  [scoringRoutes.putScoringModel, putScoringModel],
  [scoringRoutes.getContactScore, getContactScore],
  [scoringRoutes.scoreContactWithModel, scoreContactWithModel],
  [scoringRoutes.trackEngagement, trackEngagement],
]);
