import type { RouteObject } from 'react-router';

const surveyPage = () => import('./SurveyPage').then((module) => ({ Component: module.SurveyPage }));

/** Surveys: the list, a new survey, and a survey's answers, score over time and settings. */
export const surveysRoutes: RouteObject[] = [
  { path: 'surveys', lazy: () => import('./SurveysPage').then((module) => ({ Component: module.SurveysPage })) },
  { path: 'surveys/new', lazy: surveyPage },
  { path: 'surveys/:surveyId', lazy: surveyPage },
];
