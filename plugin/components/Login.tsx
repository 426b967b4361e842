// The panel's sign-in page: AdminJS's own form (same fields, same POST), with what a sign-in page
// needs beside it — "Forgot your password?" (R-PWD-4), words for the identifier field, which
// takes an e-mail address or a username, and the server's own words for an error.
import React from 'react';
import { useSelector } from 'react-redux';
import { Box, Button, FormGroup, H5, Input, Label, Link, MessageBox, Text } from '@adminjs/design-system';

interface LoginState {
  action: string;
  errorMessage: string | null;
  forgotPasswordPath: string;
}

export default function Login() {
  const { action, errorMessage, forgotPasswordPath } = (window as unknown as { __APP_STATE__: LoginState }).__APP_STATE__;
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
      </Box>
    </Box>
  );
}
