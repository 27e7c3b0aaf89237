import { redactPersonalData } from '../privacy/redaction.ts';

/** What a failed lifecycle step says about itself, safe to publish and keep: its error class and a message without PII. */
export interface FailureDescription {
  /** The error's class (`Conflict`, `ZodError`, `States.Timeout`...), not the bare `Error` a catch-all reports. */
  errorClass: string;
  /** The error's message with email addresses and phone numbers taken out, on one line, at most 500 characters. */
  message: string;
}

const maxMessageLength = 500;

/**
 * Describes a step's failure as Step Functions hands it to a Catch: `Error` is the error name and
 * `Cause` is, in AWS, the Lambda's JSON `{"errorType","errorMessage","trace"}` (locally the bare
 * message). The class comes from `errorType` when `Error` is only the generic name.
 */
export function describeFailure(error: string, cause: string): FailureDescription {
  let errorType: string | undefined;
  let errorMessage: string | undefined;
  try {
    const parsed: unknown = JSON.parse(cause);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const { errorType: type, errorMessage: message } = parsed as Record<string, unknown>;
      if (typeof type === 'string') errorType = type;
      if (typeof message === 'string') errorMessage = message;
    }
  } catch {
    // Not JSON: the cause is the message itself.
  }
  const generic = error === '' || error === 'Error';
  const errorClass = (generic && errorType ? errorType : error) || 'Error';
  const message = redactPersonalData(errorMessage ?? cause)
    .replace(/\s+/gu, ' ')
    .trim();
  return {
    errorClass,
    message: message.length > maxMessageLength ? `${message.slice(0, maxMessageLength - 1)}…` : message,
  };
}
