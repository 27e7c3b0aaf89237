import { importContactRows } from '#shared/imports/contact-import.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { importRoutes } from './import-routes.ts';

export const handler = httpHandler(importRoutes.importContacts, async ({ body, principal }) =>
  json(200, await importContactRows(deps(), body, await actorFor(principal))),
);
