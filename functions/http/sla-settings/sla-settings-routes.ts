import { SlaSettings, SlaSettingsInput, StoredSlaSettings } from '#shared/sla/sla-settings.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute } from '../kit/route.ts';

const tag = 'Service desk SLAs';
const entry = 'functions/http/sla-settings/index.ts';

export const slaSettingsRoutes = {
  getSlaSettings: defineRoute({
    name: 'GetSlaSettings',
    method: 'GET',
    path: '/settings/sla',
    entry,
    access: access.sales,
    tableAccess: 'read',
    tag,
    summary:
      'The SLA policies (targets per priority in working minutes, warning share, escalation) and the business calendars (default and per team); version 0 with no policies before an admin saves any',
    request: {},
    responses: { 200: { description: 'The settings (ETag = their version)', body: SlaSettings } },
  }),
  putSlaSettings: defineRoute({
    name: 'PutSlaSettings',
    method: 'PUT',
    path: '/settings/sla',
    entry,
    access: access.admin,
    tableAccess: 'readWrite',
    tag,
    summary: 'Replace the SLA settings (send If-Match with the ETag you read; "0" before any were saved)',
    request: { body: SlaSettingsInput },
    responses: {
      200: { description: 'The saved settings', body: StoredSlaSettings },
      400: problems[400],
      403: problems[403],
      412: problems[412],
    },
  }),
};
