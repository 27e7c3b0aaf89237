import { describe, expect, it } from 'vitest';
import {
  activityRequestOf,
  emptyActivityForm,
  placeErrors,
  validateActivity,
} from '../../../web/src/features/contact-record/activity-form.ts';
import { contactPatchOf, validateContactEdit } from '../../../web/src/features/contact-record/contact-form.ts';
import { fromPointer } from '../../../web/src/lib/api/problem.ts';

const contactId = '01JDEMC0NTACT0000000000001';

describe('the inline activity form', () => {
  it('sends only the fields of its type, a call’s minutes as seconds', () => {
    const call = {
      ...emptyActivityForm('call'),
      subject: 'Intro call',
      direction: 'outbound' as const,
      durationMinutes: '۱۵',
    };
    expect(validateActivity(call, contactId)).toEqual({
      ok: true,
      request: {
        type: 'call',
        contactId,
        subject: 'Intro call',
        direction: 'outbound',
        durationSeconds: 900,
        details: {},
      },
    });
    // A note has no direction or duration, whatever the inputs held from before.
    expect(activityRequestOf({ ...call, type: 'note', body: 'x' }, contactId)).toEqual({
      type: 'note',
      contactId,
      subject: 'Intro call',
      body: 'x',
    });
  });

  it('turns a task’s local due time into an instant', () => {
    const checked = validateActivity(
      { ...emptyActivityForm('task'), subject: 'Send quote', dueAt: '2026-12-03T09:30' },
      contactId,
    );
    expect(checked.ok && checked.request.dueAt).toBe(new Date('2026-12-03T09:30').toISOString());
  });

  it('puts the API schema’s issues on the inputs they concern', () => {
    const tooLong = validateActivity(
      { ...emptyActivityForm('meeting'), subject: 'x'.repeat(301), durationMinutes: '2000' },
      contactId,
    );
    expect(tooLong.ok).toBe(false);
    if (tooLong.ok) return;
    expect(Object.keys(tooLong.fieldErrors).sort()).toEqual(['durationMinutes', 'subject']);
    const notANumber = validateActivity({ ...emptyActivityForm('call'), durationMinutes: 'ten' }, contactId);
    expect(notANumber.ok === false && notANumber.fieldErrors.durationMinutes).toBeTruthy();
    const badDue = validateActivity({ ...emptyActivityForm('task'), dueAt: 'tomorrow' }, contactId);
    expect(badDue.ok === false && badDue.fieldErrors.dueAt).toBeTruthy();
  });

  it('places the API’s field errors (JSON Pointers) the same way; one no input owns is the form’s', () => {
    const placed = placeErrors(
      [
        { pointer: '/durationSeconds', message: 'too long' },
        { pointer: '/contactId', message: 'no such contact' },
      ].map((error) => ({ path: fromPointer(error.pointer), message: error.message })),
    );
    expect(placed.fieldErrors).toEqual({ durationMinutes: 'too long' });
    expect(placed.formErrors).toEqual(['contactId: no such contact']);
  });
});

describe('the contact edit form', () => {
  const contact = {
    email: 'maria@example.de',
    firstName: 'Maria',
    lastName: 'Schmidt',
    lifecycleStage: 'mql' as const,
    ownerId: '01JDEM00WNER00000000000ADA',
  };

  it('patches only what changed; an emptied field is cleared and "nobody" unassigns', () => {
    const values = {
      firstName: 'María',
      lastName: '',
      email: 'maria@example.de',
      phone: '',
      jobTitle: '',
      companyName: '',
      lifecycleStage: 'sql' as const,
      ownerId: '',
    };
    expect(contactPatchOf(contact, values)).toEqual({
      firstName: 'María',
      lastName: null,
      lifecycleStage: 'sql',
      ownerId: null,
    });
  });

  it('is checked with the API’s schema: a bad email and a nothing-changed patch are refused', () => {
    const same = {
      firstName: 'Maria',
      lastName: 'Schmidt',
      email: 'maria@example.de',
      phone: '',
      jobTitle: '',
      companyName: '',
      lifecycleStage: 'mql' as const,
      ownerId: contact.ownerId,
    };
    const nothing = validateContactEdit(contact, same);
    expect(nothing.ok === false && nothing.formErrors).toEqual(['the patch changes nothing']);
    const badEmail = validateContactEdit(contact, { ...same, email: 'not an email', phone: 'call me' });
    expect(badEmail.ok).toBe(false);
    if (badEmail.ok) return;
    expect(Object.keys(badEmail.fieldErrors).sort()).toEqual(['email', 'phone']);
  });
});
