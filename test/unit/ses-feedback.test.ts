import { describe, expect, it } from 'vitest';
import { feedbackFromSesEvent, messageKeyTag, messageKeyToTag } from '#shared/campaigns/ses-feedback.ts';

const messageKey = 'campaign:01JCAMPA1GN0000000000000Q4:01JC0NTACT000000000000000A:2:case-study';
const sesRecord = (eventType: string, extra: Record<string, unknown> = {}, tag = messageKeyToTag(messageKey)) => ({
  eventType,
  mail: {
    messageId: 'ses-1',
    destination: ['kim@example.com'],
    tags: { [messageKeyTag]: [tag], 'ses:configuration-set': ['relay-prod-marketing'] },
  },
  ...extra,
});

describe('SES events of campaign emails', () => {
  it('carry the message key in a tag SES accepts, and give it back exactly', () => {
    expect(messageKeyToTag(messageKey)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(feedbackFromSesEvent(sesRecord('Open'))).toEqual({ messageKey, type: 'open' });
    expect(feedbackFromSesEvent(sesRecord('Click'))).toEqual({ messageKey, type: 'click' });
  });

  it('say whether a bounce was permanent, and map complaints and deliveries', () => {
    expect(
      feedbackFromSesEvent(sesRecord('Bounce', { bounce: { bounceType: 'Permanent', bounceSubType: 'General' } })),
    ).toEqual({ messageKey, type: 'bounce', bounceType: 'Permanent' });
    expect(feedbackFromSesEvent(sesRecord('Bounce', { bounce: { bounceType: 'Transient' } }))).toMatchObject({
      bounceType: 'Transient',
    });
    expect(feedbackFromSesEvent(sesRecord('Complaint'))).toEqual({ messageKey, type: 'complaint' });
    expect(feedbackFromSesEvent(sesRecord('Delivery'))).toEqual({ messageKey, type: 'delivery' });
  });

  it('ignore mail that is not a campaign email, and event types Relay does not use', () => {
    expect(feedbackFromSesEvent(sesRecord('Open', {}, 'lead-assigned_123'))).toBeUndefined();
    expect(feedbackFromSesEvent({ eventType: 'Open', mail: { tags: {} } })).toBeUndefined();
    expect(feedbackFromSesEvent(sesRecord('Rendering Failure'))).toBeUndefined();
  });
});
