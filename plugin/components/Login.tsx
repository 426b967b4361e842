// The panel's sign-in page: AdminJS's own form (same fields, same POST), with what a sign-in page
// needs beside it — "Forgot your password?" (R-PWD-4), words for the identifier field, which
// takes an e-mail address or a username, the server's own words for an error, and "Sign in with a
// passkey" (R-PASSKEY-2): the browser offers the passkeys it holds for this site, and the REST
// API's passwordless sign-in checks the answer as it checks a password.
import React, { useState } from 'react';
import { startAuthentication } from '@simplewebauthn/browser';
import { useSelector } from 'react-redux';
import { Box, Button, FormGroup, H5, Input, Label, Link, MessageBox, Text } from '@adminjs/design-system';

interface LoginState {
  action: string;
  errorMessage: string | null;
  forgotPasswordPath: string;
  /** The REST API's root, for the passkey sign-in. */
  apiPath: string;
}

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new Error(typeof data.detail === 'string' ? data.detail : 'The passkey was not accepted.');
  return data;
}

/** Options, the browser's passkey prompt, the answer; then the panel, or the reason in words. */
async function signInWithPasskey(apiPath: string): Promise<void> {
  const started = await postJson(`${apiPath}/auth/passkey/options`, {});
  const response = await startAuthentication({ optionsJSON: started.options as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
  await postJson(`${apiPath}/auth/passkey`, { response });
}

function PasskeySignIn({ apiPath, then }: { apiPath: string; then: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Box mt="lg">
      {error ? <MessageBox my="lg" message={error} variant="danger" data-testid="passkey-error" /> : null}
      <Text textAlign="center">
        <Button type="button" variant="outlined" disabled={busy} data-testid="passkey-sign-in" onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await signInWithPasskey(apiPath);
            window.location.assign(then);
          } catch (failure) {
            const name = (failure as { name?: string }).name;
            setError(name === 'NotAllowedError' ? 'No passkey was used. Try again, or sign in with your password.' : (failure as Error).message || 'The passkey was not accepted.');
            setBusy(false);
          }
        }}>
          Sign in with a passkey
        </Button>
      </Text>
    </Box>
  );
}

export default function Login() {
  const { action, errorMessage, forgotPasswordPath, apiPath } = (window as unknown as { __APP_STATE__: LoginState }).__APP_STATE__;
  const branding = useSelector((state: { branding: { companyName: string } }) => state.branding);
  return (
    <Box flex variant="grey" style={{ alignItems: 'center', justifyContent: 'center', flexDirection: 'column', height: '100%' }}>
      <Box bg="white" boxShadow="login" p="x3" width={['100%', '2/3', '420px']}>
        <Box as="form" action={action} method="POST">
          <H5 marginBottom="xxl">{branding.companyName}</H5>
          {errorMessage ? <MessageBox my="lg" message={errorMessage} variant="danger" data-testid="login-error" /> : null}
          <FormGroup>
            <Label htmlFor="login-email" required>
              E-mail or username
            </Label>
            <Input id="login-email" name="email" autoComplete="username" autoFocus />
          </FormGroup>
          <FormGroup>
            <Label htmlFor="login-password" required>
              Password
            </Label>
            <Input id="login-password" type="password" name="password" autoComplete="current-password" />
          </FormGroup>
          <Text mt="xl" textAlign="center">
            <Button variant="contained" type="submit">
              Sign in
            </Button>
          </Text>
          <Text mt="lg" textAlign="center">
            <Link href={forgotPasswordPath} data-testid="forgot-password">
              Forgot your password?
            </Link>
          </Text>
        </Box>
        {apiPath ? <PasskeySignIn apiPath={apiPath} then={action.replace(/\/login$/, '') || '/'} /> : null}
      </Box>
    </Box>
  );
}
