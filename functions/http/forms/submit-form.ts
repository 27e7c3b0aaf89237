import { submitForm } from '#shared/leads/form-submission.service.ts';
import { formSubmissionDeps } from '../../dependencies.ts';
import { logger } from '../../observability.ts';
import { publicHttpHandler } from '../kit/public-handler.ts';
import { header, isHtmlFormPost } from '../kit/request.ts';
import { decorateFormResponse, formPage } from './form-responses.ts';
import { formRoutes } from './form-routes.ts';

export const handler = publicHttpHandler(
  formRoutes.submitForm,
  async ({ path, body, clientIp, event }) => {
    const result = await submitForm(await formSubmissionDeps(), {
      formId: path.formId,
      fields: body,
      ...(header(event, 'origin') ? { origin: header(event, 'origin') as string } : {}),
      ip: clientIp,
      ...(header(event, 'idempotency-key') ? { idempotencyKey: header(event, 'idempotency-key') as string } : {}),
    });
    if (result.bot) logger.info('Dropped an automated form submission', { formId: path.formId, reason: result.bot });
    if (result.opened)
      logger.info('Opened a ticket from the support form', {
        formId: path.formId,
        ticketNumber: result.opened.ticket.number,
        assigneeId: result.opened.ticket.assigneeId,
        teamId: result.opened.ticket.teamId,
        queuedBecause: result.opened.queuedBecause,
      });
    if (!isHtmlFormPost(event))
      return {
        statusCode: result.response.status,
        headers: { 'content-type': 'application/json' },
        body: result.response.body,
      };
    return result.form.redirectUrl
      ? { statusCode: 303, headers: { location: result.form.redirectUrl } }
      : formPage('Thank you', 'We received your details.');
  },
  { decorate: decorateFormResponse },
);
