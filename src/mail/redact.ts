// What Gatehouse keeps of a message (R-OUTBOX-1): the message with every token and code it carries
// replaced. Each message names its own secrets, so redaction does not guess at what looks like one.

export const REDACTED = '[redacted]';

/** Replaces each secret, as written and as it appears URL-encoded in a link. */
export function redact(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret.length === 0) throw new Error('redact: an empty secret cannot be redacted');
    redacted = redacted.replaceAll(secret, REDACTED).replaceAll(encodeURIComponent(secret), REDACTED);
  }
  return redacted;
}
