/**
 * A subject as one header line: a contact's name typed with line breaks or control characters
 * (personalised subjects carry it) must never fold the header or smuggle another one in, whatever
 * the mail library downstream does with it. Breaks become spaces; 998 is RFC 5322's line limit.
 */
export function subjectLine(subject: string): string {
  return subject
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, 998);
}
