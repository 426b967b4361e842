// "Assigned organisations" (seed 002): the organisations the signed-in user manages, each ticked
// when the user belongs to it; a newly ticked one asks for the role the user gets there and, if the
// access is temporary, when it ends (R-EXP-1). What is sent is the operation's input, as the REST
// API takes it: `{ organizations: [{ organizationId, roleId?, expiresAt? }] }`.
import React, { useEffect, useState } from 'react';
import { type ActionProps, useNotice } from 'adminjs';
import { Box, Button, CheckBox, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router-dom';
import type { FormSpec } from './form-spec.ts';
import { actionTarget, callAction } from './panel-api.ts';

interface Data {
  form?: FormSpec;
  organizations?: { id: string; name: string; roleId: string | null }[];
  roles?: { value: string; label: string }[];
}

/** An end typed in the browser's zone, as the instant it means; nothing when left empty. */
function endOf(typed: string | undefined): { expiresAt?: string } {
  if (!typed) return {};
  const instant = new Date(typed);
  return { expiresAt: Number.isNaN(instant.getTime()) ? typed : instant.toISOString() };
}

export default function AssignOrganizations(props: ActionProps) {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [data, setData] = useState<Data | null>(null);
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const [roles, setRoles] = useState<Record<string, string>>({});
  // Typed in the browser's own zone; sent as the instant it means (ISO, UTC), checked by the server.
  const [ends, setEnds] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void callAction<Data>(actionTarget(props), 'get').then((answer) => {
      if (answer.notice?.type === 'error') setError(answer.notice.message);
      const loaded = answer.data ?? {};
      setData(loaded);
      setChosen(Object.fromEntries((loaded.organizations ?? []).map((organization) => [organization.id, organization.roleId !== null])));
    });
  }, [props.record?.id]);

  if (error && !data) return <MessageBox variant="danger" message={error} />;
  if (!data) return <Loader />;
  // A newly added organisation starts with no role chosen: no default that would give more than meant.
  const added = (data.organizations ?? []).filter((organization) => chosen[organization.id] && organization.roleId === null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const unchosen = added.find((organization) => !roles[organization.id]);
    if (unchosen) {
      setError(`Choose a role in ${unchosen.name}`);
      return;
    }
    setBusy(true);
    try {
      const organizations = (data.organizations ?? [])
        .filter((organization) => chosen[organization.id])
        .map((organization) => (organization.roleId !== null ? { organizationId: organization.id } : { organizationId: organization.id, roleId: roles[organization.id], ...endOf(ends[organization.id]) }));
      const answer = await callAction(actionTarget(props), 'post', { organizations });
      if (answer.notice) addNotice(answer.notice);
      if (answer.notice?.type === 'error') setError(answer.notice.message);
      else if (answer.redirectUrl) navigate(answer.redirectUrl);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box as="form" variant="container" onSubmit={submit} data-testid="action-form">
      {data.form?.intro ? <Text mb="lg">{data.form.intro}</Text> : null}
      {error ? <MessageBox variant="danger" message={error} mb="lg" /> : null}
      {(data.organizations ?? []).map((organization) => (
        <Box key={organization.id} flex alignItems="center" my="sm">
          <CheckBox id={`gh-org-${organization.id}`} checked={chosen[organization.id] === true} onChange={() => setChosen({ ...chosen, [organization.id]: !chosen[organization.id] })} />
          <Label inline htmlFor={`gh-org-${organization.id}`} ml="default" mr="lg">
            {organization.name}
          </Label>
          {chosen[organization.id] && organization.roleId === null ? (
            <select aria-label={`Role in ${organization.name}`} value={roles[organization.id] ?? ''} onChange={(event) => setRoles({ ...roles, [organization.id]: event.target.value })}>
              <option value="" disabled>Choose a role</option>
              {(data.roles ?? []).map((role) => (
                <option key={role.value} value={role.value}>
                  {role.label}
                </option>
              ))}
            </select>
          ) : null}
          {chosen[organization.id] && organization.roleId === null ? (
            <Label inline ml="lg">
              Access ends (optional){' '}
              <input type="datetime-local" aria-label={`Access in ${organization.name} ends`} value={ends[organization.id] ?? ''} onChange={(event) => setEnds({ ...ends, [organization.id]: event.target.value })} />
            </Label>
          ) : null}
        </Box>
      ))}
      <Button type="submit" variant="contained" disabled={busy} mt="lg" data-testid="action-submit">
        {data.form?.submitLabel ?? 'Save'}
      </Button>
    </Box>
  );
}
