// The second step of setting up e-mail codes on My profile (R-MFA-2, seed 002: "you will be prompted
// to enter the unique time based verification code, sent to your registered email. A countdown
// timer is displayed"): the code field, the time the code has left, and "send again". The countdown
// starts from the validity the server answered, counted on this browser's own clock, so a clock
// that is off does not shorten or lengthen it.
import React, { useEffect, useState } from 'react';
import { Box, Button, Input, Label, MessageBox, Text } from '@adminjs/design-system';

export interface SentCode {
  challengeId: string;
  expiresAt: string;
  validSeconds: number;
  sentTo: string;
}

interface Props {
  sent: SentCode;
  /** When the answer arrived (Date.now()), the countdown's start. */
  receivedAt: number;
  onConfirm: (code: string) => void | Promise<void>;
  onResend: () => void | Promise<void>;
  onCancel: () => void;
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

export function remainingWords(seconds: number): string {
  if (seconds <= 0) return 'The code has expired; send a new one.';
  return `The code is valid for ${Math.floor(seconds / 60)}:${twoDigits(seconds % 60)} more.`;
}

export default function EmailCodeConfirm({ sent, receivedAt, onConfirm, onResend, onCancel }: Props) {
  const deadline = receivedAt + sent.validSeconds * 1000;
  const left = () => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(left);
  const [code, setCode] = useState('');
  useEffect(() => {
    setSeconds(left());
    setCode('');
    const timer = setInterval(() => setSeconds(left()), 1000);
    return () => clearInterval(timer);
  }, [sent.challengeId, receivedAt]);

  return (
    <Box as="form" data-testid="email-code-form" onSubmit={(event: React.FormEvent) => { event.preventDefault(); void onConfirm(code.trim()); }}>
      <Text mb="default">A six-digit code was sent to {sent.sentTo}. Enter it to sign in with codes by e-mail from now on.</Text>
      {seconds > 0
        ? <Text mb="default" data-testid="email-code-countdown" aria-live="polite">{remainingWords(seconds)}</Text>
        : <MessageBox variant="warning" mb="default" data-testid="email-code-countdown" message={remainingWords(seconds)} />}
      <Box mb="default">
        <Label htmlFor="gh-email-code">Code from the e-mail</Label>
        <Input id="gh-email-code" width="100%" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setCode(event.target.value)} />
      </Box>
      <Box flex flexDirection="row" flexWrap="wrap">
        <Button mr="default" mb="default" type="submit" variant="contained" data-testid="confirm-email-otp" disabled={seconds <= 0}>Confirm</Button>
        <Button mr="default" mb="default" type="button" variant="outlined" data-testid="resend-email-otp" onClick={() => void onResend()}>Send again</Button>
        <Button mb="default" type="button" variant="text" onClick={onCancel}>Cancel</Button>
      </Box>
    </Box>
  );
}
