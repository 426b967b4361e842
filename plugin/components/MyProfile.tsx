// My profile (R-SELF-2): personal fields, password change with the current one (R-PWD-2), the
// second factor — an authenticator app with a QR code and recovery codes shown once (R-MFA-1), codes
// by e-mail (R-MFA-2, confirmed by a code sent to the registered address, with a countdown), or off
// where allowed — the security question, which only its owner sees (R-SECRET-1), and the roles of
// each of one's accounts with the one held highlighted (R-ROLE-3, seed 001's Account Security
// section; read-only). Every change is one of the account operations, called as an action on one's own
// user record, with the same input as the REST API's /me routes. The Sessions card lists where one
// is signed in and ends other sessions (R-SESS-3); the Passkeys card adds, renames and removes
// one's passkeys (R-PASSKEY-1).
import React, { useEffect, useRef, useState } from 'react';
import { useNotice } from 'adminjs';
import { Box, Button, H3, H4, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import EmailCodeConfirm, { type SentCode } from './EmailCodeConfirm.tsx';
import PasskeysCard, { type PasskeyItem } from './PasskeysCard.tsx';
import Field from './TextField.tsx';
import SessionsList, { type SessionItem } from './SessionsList.tsx';
import { type Answer, callAction, callPage } from './panel-api.ts';

interface Profile {
  id: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  fax: string | null;
  address: string | null;
  postalAddress: string | null;
  mfa: { method: 'NONE' | 'TOTP' | 'EMAIL'; enrolled: boolean; recoveryCodesLeft: number };
  securityQuestion: string | null;
}
interface AccountRole { id: string; name: string; description: string; held: boolean; permissions: { permission: string; condition: 'own' | 'scoped' | null; label: string }[] }
interface Account { organizationId: string; organizationName: string; roles: AccountRole[] }
interface PageData { profile?: Profile; mfaRequired?: boolean; securityQuestions?: string[]; accounts?: Account[]; sessions?: SessionItem[]; passkeys?: PasskeyItem[] }
interface Enrolment { secret: string; otpauthUri: string; qrDataUrl: string }
type ActionData = { view?: unknown };

const labels: Record<string, string> = { firstName: 'First name', lastName: 'Last name', phone: 'Phone', fax: 'Fax', address: 'Address', postalAddress: 'Postal address' };
/** How one signs in now, as a sentence: "You sign in with your password only." */
const methodWords = { NONE: 'your password only', TOTP: 'your password and an authenticator app', EMAIL: 'your password and a code by e-mail' } as const;
const conditionWords = { own: ' (only records you own)', scoped: ' (only the records your access is limited to)' } as const;

/** The roles of the chosen account, the one held first highlighted; nothing here changes anything. */
function AccountRoles({ accounts }: { accounts: Account[] }) {
  const [chosen, setChosen] = useState(accounts[0]?.organizationId ?? '');
  const account = accounts.find((candidate) => candidate.organizationId === chosen) ?? accounts[0];
  if (!account) return null;
  return (
    <Box variant="card" p="lg" mb="lg" data-testid="account-roles">
      <H4>Roles</H4>
      <Text mb="default">The roles of {accounts.length > 1 ? 'the chosen account' : account.organizationName}; yours is highlighted. An administrator of the account changes who holds which.</Text>
      {accounts.length > 1 ? (
        <Box mb="default">
          <Label htmlFor="gh-account">Account</Label>
          <select id="gh-account" value={account.organizationId} onChange={(event) => setChosen(event.target.value)} style={{ width: '100%', padding: 8 }}>
            {accounts.map((candidate) => <option key={candidate.organizationId} value={candidate.organizationId}>{candidate.organizationName}</option>)}
          </select>
        </Box>
      ) : null}
      {account.roles.map((role) => (
        <Box key={role.id} p="default" mb="default" data-testid={role.held ? 'held-role' : 'role'} style={role.held ? { border: '2px solid #3040D6', borderRadius: 4, background: '#F0F1FF' } : { border: '1px solid #E0E0E0', borderRadius: 4 }}>
          <Text fontWeight="bold">{role.name}{role.held ? ' — your role' : ''}</Text>
          {role.description ? <Text mb="sm">{role.description}</Text> : null}
          <Box as="ul">
            {role.permissions.length === 0 ? <li>No permissions</li> : role.permissions.map((grant) => <li key={`${grant.permission}|${grant.condition ?? ''}`}>{grant.label}{grant.condition ? conditionWords[grant.condition] : ''}</li>)}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

export default function MyProfile() {
  const addNotice = useNotice();
  const [page, setPage] = useState<PageData | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<Record<string, string>>({});
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [emailCode, setEmailCode] = useState<{ sent: SentCode; receivedAt: number } | null>(null);
  // "Send again" asks with the password typed for the first code; kept in memory on this page only.
  const emailPassword = useRef('');
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    callPage<PageData>('myProfile').then((answer) => {
      const data = (answer as unknown as PageData).profile ? (answer as unknown as PageData) : (answer.data ?? {});
      setPage(data);
      const p = data.profile;
      if (p) setFields({ firstName: p.firstName, lastName: p.lastName, phone: p.phone ?? '', fax: p.fax ?? '', address: p.address ?? '', postalAddress: p.postalAddress ?? '' });
    });
  useEffect(() => {
    void load();
  }, []);

  const profile = page?.profile;
  if (!profile) return error ? <MessageBox variant="danger" message={error} /> : <Loader />;
  const set = (name: string) => (value: string) => setSecret({ ...secret, [name]: value });

  /** One account operation on one's own record; the page reloads its data after a success. */
  const run = async (actionName: string, input: Record<string, unknown>): Promise<Answer<ActionData>> => {
    const answer = await callAction<ActionData>({ resourceId: 'User', recordId: profile.id, actionName }, 'post', input);
    if (answer.notice) addNotice(answer.notice);
    setError(answer.notice?.type === 'error' ? answer.notice.message : null);
    if (answer.notice?.type !== 'error') {
      setSecret({});
      await load();
    }
    return answer;
  };

  return (
    <Box variant="grey" data-testid="my-profile">
      <H3>My profile</H3>
      {error ? <MessageBox variant="danger" message={error} mb="lg" /> : null}
      <Box variant="card" p="lg" mb="lg">
        <H4>{profile.email}</H4>
        <Text mb="lg">Username: {profile.username}. Your e-mail address, username, status and role are changed by an administrator.</Text>
        <Box as="form" onSubmit={(event: React.FormEvent) => { event.preventDefault(); void run('updateOwnProfile', fields); }}>
          {Object.keys(labels).map((name) => (
            <Field key={name} id={`gh-${name}`} label={labels[name] ?? name} value={fields[name] ?? ''} onChange={(value) => setFields({ ...fields, [name]: value })} />
          ))}
          <Button type="submit" variant="contained" data-testid="save-profile">Save profile</Button>
        </Box>
      </Box>

      {page.accounts && page.accounts.length > 0 ? <AccountRoles accounts={page.accounts} /> : null}

      <Box variant="card" p="lg" mb="lg" data-testid="mfa-section">
        <H4>Second factor</H4>
        <Text mb="default">
          You sign in with {methodWords[profile.mfa.method]}
          {profile.mfa.method !== 'NONE' && !profile.mfa.enrolled ? ' (to be set up at your next sign-in)' : ''}.
        </Text>
        {recoveryCodes ? (
          <Box data-testid="recovery-codes" mb="lg">
            <MessageBox variant="warning" message="Keep these recovery codes somewhere safe: they are shown only now." mb="default" />
            {recoveryCodes.map((code) => <Text key={code} fontFamily="monospace">{code}</Text>)}
          </Box>
        ) : null}
        {emailCode ? (
          <EmailCodeConfirm
            sent={emailCode.sent}
            receivedAt={emailCode.receivedAt}
            onConfirm={async (code) => {
              const answer = await run('confirmEmailOtp', { code, challengeId: emailCode.sent.challengeId });
              if (answer.notice?.type !== 'error') { emailPassword.current = ''; setEmailCode(null); }
            }}
            onResend={async () => {
              const answer = await run('emailOtp', { currentPassword: emailPassword.current });
              const view = answer.data?.view as SentCode | undefined;
              if (view?.challengeId) setEmailCode({ sent: view, receivedAt: Date.now() });
            }}
            onCancel={() => { emailPassword.current = ''; setEmailCode(null); }}
          />
        ) : enrolment ? (
          <Box as="form" onSubmit={async (event: React.FormEvent) => {
            event.preventDefault();
            const answer = await run('confirmTotp', { code: secret.code ?? '' });
            const codes = (answer.data?.view as { recoveryCodes?: string[] } | undefined)?.recoveryCodes;
            if (codes) { setRecoveryCodes(codes); setEnrolment(null); }
          }}>
            <img src={enrolment.qrDataUrl} alt="QR code for your authenticator app" width={220} height={220} data-testid="totp-qr" />
            <Text my="default">Or type this key into the app: <code data-testid="totp-secret">{enrolment.secret}</code></Text>
            <Field id="gh-totp-code" label="Code from the app" value={secret.code ?? ''} onChange={set('code')} />
            <Button type="submit" variant="contained" data-testid="confirm-totp">Confirm</Button>
          </Box>
        ) : (
          <Box>
            <Field id="gh-mfa-password" label="Your current password (needed for any change here)" type="password" value={secret.mfaPassword ?? ''} onChange={set('mfaPassword')} />
            <Box flex flexDirection="row" flexWrap="wrap">
              <Button mr="default" mb="default" variant="contained" data-testid="start-totp" onClick={async () => {
                const answer = await run('startTotp', { currentPassword: secret.mfaPassword ?? '' });
                const view = answer.data?.view as Enrolment | undefined;
                if (view?.qrDataUrl) setEnrolment(view);
              }}>Use an authenticator app</Button>
              <Button mr="default" mb="default" variant="outlined" data-testid="use-email-otp" onClick={async () => {
                const password = secret.mfaPassword ?? '';
                const answer = await run('emailOtp', { currentPassword: password });
                const view = answer.data?.view as SentCode | undefined;
                if (view?.challengeId) { emailPassword.current = password; setEmailCode({ sent: view, receivedAt: Date.now() }); }
              }}>Use codes by e-mail</Button>
              {profile.mfa.method === 'TOTP' && profile.mfa.enrolled ? (
                <Button mr="default" mb="default" variant="outlined" data-testid="new-recovery-codes" onClick={async () => {
                  const answer = await run('recoveryCodes', { currentPassword: secret.mfaPassword ?? '' });
                  const codes = (answer.data?.view as { recoveryCodes?: string[] } | undefined)?.recoveryCodes;
                  if (codes) setRecoveryCodes(codes);
                }}>New recovery codes</Button>
              ) : null}
              {profile.mfa.method !== 'NONE' && !page.mfaRequired ? (
                <Button mb="default" variant="danger" data-testid="mfa-off" onClick={() => void run('mfaOff', { currentPassword: secret.mfaPassword ?? '' })}>Turn the second factor off</Button>
              ) : null}
            </Box>
          </Box>
        )}
      </Box>

      <PasskeysCard passkeys={page.passkeys ?? []} run={run} onError={(message) => { setError(message); addNotice({ message, type: 'error' }); }} />

      <Box variant="card" p="lg" mb="lg">
        <H4>Password</H4>
        <Box as="form" onSubmit={async (event: React.FormEvent) => {
          event.preventDefault();
          if ((secret.next ?? '') !== (secret.again ?? '')) { setError('The two new passwords differ.'); return; }
          const answer = await run('changeOwnPassword', { currentPassword: secret.current ?? '', newPassword: secret.next ?? '' });
          // The session continues under a new id: its CSRF token changes with it.
          const token = (answer.data?.view as { csrfToken?: string } | undefined)?.csrfToken;
          const state = (globalThis as { REDUX_STATE?: { session?: { csrfToken?: string } } }).REDUX_STATE;
          if (token && state?.session) state.session.csrfToken = token;
        }}>
          <Field id="gh-current-password" label="Current password" type="password" value={secret.current ?? ''} onChange={set('current')} />
          <Field id="gh-new-password" label="New password" type="password" value={secret.next ?? ''} onChange={set('next')} />
          <Field id="gh-new-password-again" label="New password again" type="password" value={secret.again ?? ''} onChange={set('again')} />
          <Button type="submit" variant="contained">Change password</Button>
        </Box>
      </Box>

      <Box variant="card" p="lg" mb="lg" data-testid="sessions-section">
        <H4>Sessions</H4>
        <Text mb="default">Where you are signed in. Ending a session signs that browser out at its next request.</Text>
        <SessionsList sessions={page.sessions ?? []} busy={false} onEnd={(session) => void run('endOwnSession', { session: session.id })} />
        {(page.sessions ?? []).some((session) => !session.current) ? (
          <Button variant="outlined" data-testid="end-other-sessions" onClick={() => void run('endOtherOwnSessions', {})}>Sign out everywhere else</Button>
        ) : null}
      </Box>

      <Box variant="card" p="lg" mb="lg">
        <H4>Security question</H4>
        <Text mb="default">{profile.securityQuestion ? `Your question: ${profile.securityQuestion}` : 'Not set yet.'}</Text>
        <Box as="form" onSubmit={(event: React.FormEvent) => { event.preventDefault(); void run('securityQuestion', { currentPassword: secret.sqPassword ?? '', question: secret.question ?? '', answer: secret.answer ?? '' }); }}>
          <Box mb="default">
            <Label htmlFor="gh-question">Question</Label>
            <select id="gh-question" value={secret.question ?? ''} onChange={(event) => set('question')(event.target.value)} style={{ width: '100%', padding: 8 }}>
              <option value="">Choose a question</option>
              {(page.securityQuestions ?? []).map((question) => <option key={question} value={question}>{question}</option>)}
            </select>
          </Box>
          <Field id="gh-answer" label="Answer" type="password" value={secret.answer ?? ''} onChange={set('answer')} />
          <Field id="gh-sq-password" label="Current password" type="password" value={secret.sqPassword ?? ''} onChange={set('sqPassword')} />
          <Button type="submit" variant="contained">Save security question</Button>
        </Box>
      </Box>
    </Box>
  );
}
