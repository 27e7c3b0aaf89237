import { describe, expect, it } from 'vitest';
import { subjectLine } from '#shared/messaging/subject-line.ts';

describe('subjectLine', () => {
  it('keeps a subject on one header line, so a name typed with line breaks cannot add a header', () => {
    expect(subjectLine('Welcome, Kim\r\nBcc: victim@example.com')).toBe('Welcome, Kim Bcc: victim@example.com');
    expect(subjectLine('A\u2028B\u2029C\u0085D\u0000E\tF')).toBe('A B C D E F');
  });

  it('leaves ordinary and non-Latin subjects as they are, and caps them at 998 characters', () => {
    expect(subjectLine('Grüße, Zoë — 你好 👋')).toBe('Grüße, Zoë — 你好 👋');
    expect(subjectLine('x'.repeat(2000))).toHaveLength(998);
  });
});
