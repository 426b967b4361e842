// "Migrate role to policy" (R-MIG-1): shows what the policy will hold (exactly the role's inline
// permissions) and how many members keep the same access, then migrates into a new policy or into
// an existing one that already holds exactly those permissions (seed 004: "choose the required
// Permission Policy"); every other policy is listed with why it does not fit, in words.
import React, { useEffect, useState } from 'react';
import { type ActionProps, useNotice } from 'adminjs';
import { Box, Button, H4, Input, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router-dom';
import { actionTarget, callAction } from './panel-api.ts';

interface Preview {
  role: { id: string; name: string; holderCount: number };
  permissions: { permission: string; condition: string | null; label: string }[];
  suggestedName: string;
  /** false when the permissions cannot fit one policy (over 100, or one permission both own and scoped). */
  canCreatePolicy: boolean;
  matchingPolicies: { id: string; name: string }[];
  /** The policies that do not hold exactly these permissions, and why (the server's words). */
  otherPolicies: { id: string; name: string; reason: string }[];
}

const conditionWords: Record<string, string> = { own: ' (own records only)', scoped: ' (chosen instances only)' };

export default function MigrateRole(props: ActionProps) {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'create' | 'existing'>('create');
  const [policyName, setPolicyName] = useState('');
  const [policyId, setPolicyId] = useState('');
  const [busy, setBusy] = useState(false);
  const recordId = props.record?.id ?? '';

  useEffect(() => {
    void callAction<{ preview?: Preview }>(actionTarget(props), 'get').then((answer) => {
      if (answer.notice?.type === 'error') setError(answer.notice.message);
      const loaded = answer.data?.preview;
      if (loaded) {
        setPreview(loaded);
        setPolicyName(loaded.suggestedName);
        setPolicyId(loaded.matchingPolicies[0]?.id ?? '');
        if (!loaded.canCreatePolicy && loaded.matchingPolicies.length > 0) setMode('existing');
      }
    });
  }, [recordId]);

  if (error && !preview) return <MessageBox variant="danger" message={error} />;
  if (!preview) return <Loader />;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!window.confirm(`Migrate ${preview.role.name}? Afterwards its permissions are edited through policies only.`)) return;
    setBusy(true);
    try {
      // The operation's input, as the REST API takes it: a new policy's name, or an existing policy.
      const input = mode === 'create' ? { policyName } : { policyId };
      const answer = await callAction(actionTarget(props), 'post', input);
      if (answer.notice) addNotice(answer.notice);
      if (answer.notice?.type === 'error') setError(answer.notice.message);
      else if (answer.redirectUrl) navigate(answer.redirectUrl);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box as="form" variant="container" onSubmit={submit} data-testid="migrate-role">
      {error ? <MessageBox variant="danger" message={error} mb="lg" /> : null}
      <H4>Preview</H4>
      <Text mb="default" data-testid="migrate-preview">
        The policy will hold these {preview.permissions.length} permissions. {preview.role.holderCount} member(s) hold {preview.role.name}; their access stays exactly the same.
      </Text>
      <Box as="ul" mb="lg">
        {preview.permissions.map((grant) => (
          <li key={`${grant.permission}|${grant.condition ?? ''}`}>
            {grant.label}
            {grant.condition ? conditionWords[grant.condition] ?? '' : ''}
          </li>
        ))}
      </Box>
      <Box mb="lg">
        <label>
          <input type="radio" name="mode" value="create" checked={mode === 'create'} disabled={!preview.canCreatePolicy} onChange={() => setMode('create')} /> Create a new policy
          {preview.canCreatePolicy ? '' : ' (not possible: these permissions do not fit one policy)'}
        </label>
        <label style={{ marginLeft: 24 }}>
          <input type="radio" name="mode" value="existing" checked={mode === 'existing'} disabled={preview.matchingPolicies.length === 0} onChange={() => setMode('existing')} /> Use an existing policy with exactly these permissions
          {preview.matchingPolicies.length > 0 ? '' : ' (none holds exactly these permissions)'}
        </label>
      </Box>
      {mode === 'create' ? (
        <Box mb="lg">
          <Label htmlFor="gh-policy-name" required>Policy name</Label>
          <Input id="gh-policy-name" width="100%" value={policyName} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setPolicyName(event.target.value)} />
        </Box>
      ) : (
        <Box mb="lg">
          <Label htmlFor="gh-policy">Policy</Label>
          <select id="gh-policy" value={policyId} onChange={(event) => setPolicyId(event.target.value)} style={{ width: '100%', padding: 8 }}>
            {preview.matchingPolicies.map((policy) => (
              <option key={policy.id} value={policy.id}>{policy.name}</option>
            ))}
          </select>
        </Box>
      )}
      {preview.otherPolicies.length > 0 ? (
        <Box mb="lg" data-testid="unfit-policies">
          <Text mb="sm">These policies do not fit: the role's holders would not keep exactly the same access.</Text>
          <Box as="ul">
            {preview.otherPolicies.map((policy) => (
              <li key={policy.id}>{policy.name}: it {policy.reason}.</li>
            ))}
          </Box>
        </Box>
      ) : null}
      <Button type="submit" variant="contained" disabled={busy} data-testid="action-submit">
        Migrate to policy
      </Button>
    </Box>
  );
}
