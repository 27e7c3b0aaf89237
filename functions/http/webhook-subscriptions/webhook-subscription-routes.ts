import * as z from 'zod';
import {
  CreateWebhookSubscriptionRequest,
  ListDeliveriesQuery,
  ListWebhookSubscriptionsQuery,
  UpdateWebhookSubscriptionRequest,
  WebhookDeliveryAttempt,
  WebhookSecret,
  WebhookSubscription,
  WebhookSubscriptionId,
} from '#shared/webhooks/webhook.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const tag = 'Outbound webhooks';
const entry = 'functions/http/webhook-subscriptions/index.ts';
const common = { access: access.admin, tag, usesAppSecrets: true } as const;

export const webhookSubscriptionRoutes = {
  createSubscription: defineRoute({
    ...common,
    name: 'CreateWebhookSubscription',
    method: 'POST',
    path: '/webhook-subscriptions',
    entry,
    tableAccess: 'readWrite',
    summary:
      'Subscribe a URL to events; deliveries are signed (Standard Webhooks) with the secret in this answer, shown only here',
    request: { body: CreateWebhookSubscriptionRequest },
    responses: {
      201: {
        description: 'Created, with its signing secret',
        body: z.object({ subscription: WebhookSubscription, secret: z.string() }),
      },
      400: problems[400],
      403: problems[403],
    },
  }),
  listSubscriptions: defineRoute({
    ...common,
    name: 'ListWebhookSubscriptions',
    method: 'GET',
    path: '/webhook-subscriptions',
    entry,
    tableAccess: 'read',
    summary: 'List webhook subscriptions',
    request: { query: ListWebhookSubscriptionsQuery },
    responses: {
      200: { description: 'A page of subscriptions', body: pageOf(WebhookSubscription) },
      403: problems[403],
    },
  }),
  getSubscription: defineRoute({
    ...common,
    name: 'GetWebhookSubscription',
    method: 'GET',
    path: '/webhook-subscriptions/{subscriptionId}',
    entry,
    tableAccess: 'read',
    summary: 'Read a subscription: status, failures in a row, why it was disabled',
    request: { path: WebhookSubscriptionId },
    responses: {
      200: { description: 'The subscription', body: WebhookSubscription },
      403: problems[403],
      404: problems[404],
    },
  }),
  updateSubscription: defineRoute({
    ...common,
    name: 'UpdateWebhookSubscription',
    method: 'PATCH',
    path: '/webhook-subscriptions/{subscriptionId}',
    entry,
    tableAccess: 'readWrite',
    summary: 'Change the URL or events, disable, or re-enable (If-Match)',
    request: { path: WebhookSubscriptionId, body: UpdateWebhookSubscriptionRequest },
    responses: {
      200: { description: 'The subscription', body: WebhookSubscription },
      400: problems[400],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
  deleteSubscription: defineRoute({
    ...common,
    name: 'DeleteWebhookSubscription',
    method: 'DELETE',
    path: '/webhook-subscriptions/{subscriptionId}',
    entry,
    tableAccess: 'readWrite',
    summary: 'Delete a subscription (pending retries are dropped)',
    request: { path: WebhookSubscriptionId },
    responses: { 204: { description: 'Deleted' }, 403: problems[403], 404: problems[404], 412: problems[412] },
  }),
  rotateSecret: defineRoute({
    ...common,
    name: 'RotateWebhookSecret',
    method: 'POST',
    path: '/webhook-subscriptions/{subscriptionId}/secret',
    entry,
    tableAccess: 'readWrite',
    summary: 'A new signing secret, used from the next delivery on',
    request: { path: WebhookSubscriptionId },
    responses: { 200: { description: 'The new secret', body: WebhookSecret }, 403: problems[403], 404: problems[404] },
  }),
  listDeliveries: defineRoute({
    ...common,
    name: 'ListWebhookDeliveries',
    method: 'GET',
    path: '/webhook-subscriptions/{subscriptionId}/deliveries',
    entry,
    tableAccess: 'read',
    summary: 'The delivery log: every attempt, newest first (kept 30 days)',
    request: { path: WebhookSubscriptionId, query: ListDeliveriesQuery },
    responses: {
      200: { description: 'A page of attempts', body: pageOf(WebhookDeliveryAttempt) },
      403: problems[403],
      404: problems[404],
    },
  }),
};
