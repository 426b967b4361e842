// My profile (R-SELF-2): personal fields, password change with the current one (R-PWD-2), TOTP
// enrolment with a QR code and recovery codes shown once (R-MFA-1), and the security question,
// which only its owner sees (R-SECRET-1). Every change goes to the server's page handler.
import React, { useEffect, useState } from 'react';
import { ApiClient, useNotice } from 'adminjs';
import { Box, Button, H3, H4, Input, Label, Loader, MessageBox, Text } from '@adminjs/design-system';

interface Profile {
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
  memberships?: { organizationName?: string; roleName?: string }[];
}
interface Enrolment { secret: string; otpauthUri: string; qrDataUrl: string }
interface Answer { profile?: Profile; notice?: { message: string; type: 'success' | 'error' }; enrolment?: Enrolment; recoveryCodes?: string[] }

const api = new ApiClient();
const PAGE = 'myProfile';

function Field({ id, label, value, onChange, type = 'text' }: { id: string; label: string; value: string; onChange: (value: string) => void; type?: string }) {
  return (
    <Box mb="default">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} type={type} width="100%" value={value} autoComplete={type === 'password' ? 'current-password' : 'off'} onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)} />
    </Box>
  );
}

export default function MyProfile() {
  const addNotice = useNotice();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<Record<string, string>>({});
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const accept = (answer: Answer) => {
    if (answer.notice) addNotice(answer.notice);
    setError(answer.notice?.type === 'error' ? answer.notice.message : null);
    if (answer.profile) {
      setProfile(answer.profile);
      const p = answer.profile;
      setFields({ firstName: p.firstName, lastName: p.lastName, phone: p.phone ?? '', fax: p.fax ?? '', address: p.address ?? '', postalAddress: p.postalAddress ?? '' });
    }
    return answer;
  };

  useEffect(() => {
    api.getPage({ pageName: PAGE }).then((response) => accept(response.data as Answer));
  }, []);

  const send = async (input: Record<string, string>) => {
    const response = await api.getPage({ pageName: PAGE, method: 'post', data: { input: JSON.stringify(input) } });
    return accept(response.data as Answer);
  };

  if (!profile) return error ? <MessageBox variant="danger" message={error} /> : <Loader />;
  const set = (name: string) => (value: string) => setSecret({ ...secret, [name]: value });

  return (
    <Box variant="grey" data-testid="my-profile">
      <H3>My profile</H3>
      {error ? <MessageBox variant="danger" message={error} mb="lg" /> : null}
      <Box variant="card" p="lg" mb="lg">
        <H4>{profile.email}</H4>
        <Text mb="lg">Username {profile.username}. Your e-mail, username, status and role are changed by an administrator.</Text>
        <Box as="form" onSubmit={(event: React.FormEvent) => { event.preventDefault(); void send({ op: 'profile', ...fields } as Record<string, string>); }}>
          {(['firstName', 'lastName', 'phone', 'fax', 'address', 'postalAddress'] as const).map((name) => (
            <Field key={name} id={`gh-${name}`} label={name} value={fields[name] ?? ''} onChange={(value) => setFields({ ...fields, [name]: value })} />
          ))}
          <Button type="submit" data-testid="save-profile">Save profile</Button>
        </Box>
      </Box>

      <Box variant="card" p="lg" mb="lg" data-testid="mfa-section">
        <H4>Second factor</H4>
        <Text mb="default">Now: {profile.mfa.method === 'NONE' ? 'off' : profile.mfa.method === 'TOTP' ? 'authenticator app' : 'code by e-mail'}{profile.mfa.method !== 'NONE' && !profile.mfa.enrolled ? ' (to be set up)' : ''}.</Text>
        {recoveryCodes ? (
          <Box data-testid="recovery-codes" mb="lg">
            <MessageBox variant="warning" message="Keep these recovery codes somewhere safe: they are shown only now." mb="default" />
            {recoveryCodes.map((code) => <Text key={code} fontFamily="monospace">{code}</Text>)}
          </Box>
        ) : null}
        {enrolment ? (
          <Box as="form" onSubmit={async (event: React.FormEvent) => {
            event.preventDefault();
            const answer = await send({ op: 'totpConfirm', code: secret.code ?? '' });
            if (answer.recoveryCodes) { setRecoveryCodes(answer.recoveryCodes); setEnrolment(null); }
          }}>
            <img src={enrolment.qrDataUrl} alt="QR code for your authenticator app" width={220} height={220} data-testid="totp-qr" />
            <Text my="default">Or type this key: <code data-testid="totp-secret">{enrolment.secret}</code></Text>
            <Field id="gh-totp-code" label="Code from the app" value={secret.code ?? ''} onChange={set('code')} />
            <Button type="submit" data-testid="confirm-totp">Confirm</Button>
          </Box>
        ) : (
          <Box as="form" onSubmit={async (event: React.FormEvent) => {
            event.preventDefault();
            const answer = await send({ op: 'totpStart', currentPassword: secret.totpPassword ?? '' });
            if (answer.enrolment) setEnrolment(answer.enrolment);
          }}>
            <Field id="gh-totp-password" label="Current password" type="password" value={secret.totpPassword ?? ''} onChange={set('totpPassword')} />
            <Button type="submit" data-testid="start-totp">Set up an authenticator app</Button>
          </Box>
        )}
      </Box>

      <Box variant="card" p="lg" mb="lg">
        <H4>Password</H4>
        <Box as="form" onSubmit={(event: React.FormEvent) => { event.preventDefault(); void send({ op: 'password', currentPassword: secret.current ?? '', password: secret.next ?? '' }); }}>
          <Field id="gh-current-password" label="Current password" type="password" value={secret.current ?? ''} onChange={set('current')} />
          <Field id="gh-new-password" label="New password" type="password" value={secret.next ?? ''} onChange={set('next')} />
          <Button type="submit">Change password</Button>
        </Box>
      </Box>

      <Box variant="card" p="lg" mb="lg">
        <H4>Security question</H4>
        <Text mb="default">{profile.securityQuestion ? `Now: ${profile.securityQuestion}` : 'Not set.'}</Text>
        <Box as="form" onSubmit={(event: React.FormEvent) => { event.preventDefault(); void send({ op: 'securityQuestion', currentPassword: secret.sqPassword ?? '', question: secret.question ?? '', answer: secret.answer ?? '' }); }}>
          <Field id="gh-question" label="Question" value={secret.question ?? ''} onChange={set('question')} />
          <Field id="gh-answer" label="Answer" value={secret.answer ?? ''} onChange={set('answer')} />
          <Field id="gh-sq-password" label="Current password" type="password" value={secret.sqPassword ?? ''} onChange={set('sqPassword')} />
          <Button type="submit">Save security question</Button>
        </Box>
      </Box>
    </Box>
  );
}
