// The permission picker of a policy (R-POL-1): the catalog grouped by resource or page, a search
// box, a counter against the 100-grant limit, and each permission either unconditional, limited to
// own records, or to scoped instances. Permissions the engine would refuse (R-ESC-1) are disabled.
// Saving an existing policy first shows what the change would do to its holders (R-POL-2): the
// save then carries that preview's version, and is refused if the holders changed meanwhile.
import React, { useEffect, useMemo, useState } from 'react';
import { type ActionProps, useNotice } from 'adminjs';
import { Box, Button, H4, Input, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router-dom';
import ImpactSummary, { type Preview } from './ImpactSummary.tsx';
import { actionTarget, callAction } from './panel-api.ts';

type Condition = '' | 'own' | 'scoped';
interface Permission { key: string; label: string; group: string }
interface PickerData {
  permissions: Permission[];
  limit: number;
  organizations: { id: string; name: string }[];
  refused: Record<string, Record<string, string>>;
  policy: { organizationId?: string | null; name: string; description: string; grants: { permission: string; condition: 'own' | 'scoped' | null }[] };
}

export default function PermissionPicker(props: ActionProps) {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [data, setData] = useState<PickerData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [organizationId, setOrganizationId] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<Record<string, Condition>>({});
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);

  const call = (method: 'get' | 'post', body?: unknown) => callAction<PickerData>(actionTarget(props), method, body);

  useEffect(() => {
    call('get').then((answer) => {
      if (answer.notice?.type === 'error') setError(answer.notice.message);
      const loaded = answer.data;
      if (!loaded?.permissions) return;
      setData(loaded);
      setName(loaded.policy.name);
      setDescription(loaded.policy.description);
      setOrganizationId(loaded.policy.organizationId ?? loaded.organizations[0]?.id ?? '');
      setChosen(Object.fromEntries(loaded.policy.grants.map((grant) => [grant.permission, (grant.condition ?? '') as Condition])));
    });
  }, [props.action.name, props.record?.id]);

  const refused = (data && organizationId ? data.refused[organizationId] : undefined) ?? {};
  const count = Object.keys(chosen).length;
  const groups = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const byGroup = new Map<string, Permission[]>();
    for (const permission of data?.permissions ?? []) {
      if (needle && !`${permission.key} ${permission.label}`.toLowerCase().includes(needle)) continue;
      byGroup.set(permission.group, [...(byGroup.get(permission.group) ?? []), permission]);
    }
    return [...byGroup.entries()];
  }, [data, search]);

  if (error && !data) return <MessageBox variant="danger" message={error} />;
  if (!data) return <Loader />;
  const overLimit = count > data.limit;

  const toggle = (key: string) => {
    const next = { ...chosen };
    if (key in next) delete next[key];
    else next[key] = '';
    edited(() => setChosen(next));
  };

  const grants = () => Object.entries(chosen).map(([permission, condition]) => (condition ? { permission, condition } : permission));
  const save = async (previewVersion?: string) => {
    const answer = await call('post', { ...(props.record ? {} : { organizationId }), name, description, grants: grants(), ...(previewVersion ? { previewVersion } : {}) });
    if (answer.notice) addNotice(answer.notice);
    if (answer.notice?.type === 'error') setError(answer.notice.message);
    else if (answer.redirectUrl) navigate(answer.redirectUrl);
  };
  // An existing policy's holders are shown the change first; a new policy has none.
  const previewFirst = Boolean(props.record) && props.resource.id === 'PermissionPolicy';
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (preview) await save(preview.version);
      else if (previewFirst) {
        const answer = await callAction<{ view?: Preview }>({ resourceId: props.resource.id, actionName: 'previewUpdate', recordId: props.record?.id }, 'post', { grants: grants() });
        if (answer.notice?.type === 'error') setError(answer.notice.message);
        else if (answer.data?.view) setPreview(answer.data.view);
      } else await save();
    } finally {
      setBusy(false);
    }
  };
  const edited = (change: () => void) => {
    change();
    setPreview(null);
  };

  return (
    <Box as="form" variant="container" onSubmit={submit} data-testid="permission-picker">
      {error ? <MessageBox variant="danger" message={error} mb="lg" /> : null}
      {data.organizations.length > 0 ? (
        <Box mb="lg">
          <Label htmlFor="gh-organization">Organisation</Label>
          <select id="gh-organization" value={organizationId} onChange={(event) => setOrganizationId(event.target.value)} style={{ width: '100%', padding: 8 }}>
            {data.organizations.map((organization) => (
              <option key={organization.id} value={organization.id}>{organization.name}</option>
            ))}
          </select>
        </Box>
      ) : null}
      <Box mb="lg">
        <Label htmlFor="gh-name" required>Name</Label>
        <Input id="gh-name" width="100%" value={name} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setName(event.target.value)} />
      </Box>
      <Box mb="lg">
        <Label htmlFor="gh-description">Description</Label>
        <Input id="gh-description" width="100%" value={description} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setDescription(event.target.value)} />
      </Box>
      <Box flex justifyContent="space-between" alignItems="center" mb="lg">
        <Input id="gh-search" placeholder="Search permissions" value={search} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setSearch(event.target.value)} />
        <Text data-testid="grant-count" color={overLimit ? 'error' : undefined}>
          {count} / {data.limit} permissions{overLimit ? ' — over the limit' : ''}
        </Text>
      </Box>
      {groups.map(([group, permissions]) => (
        <Box key={group} mb="lg">
          <H4>{group}</H4>
          {permissions.map((permission) => {
            const rule = refused[permission.key];
            const on = permission.key in chosen;
            return (
              <Box key={permission.key} flex alignItems="center" my="sm">
                <input type="checkbox" id={`gh-p-${permission.key}`} checked={on} disabled={Boolean(rule) && !on} onChange={() => toggle(permission.key)} />
                <label htmlFor={`gh-p-${permission.key}`} style={{ marginLeft: 8, flex: 1 }}>
                  {permission.label}
                  {rule ? ` — ${rule}` : ''}
                </label>
                {on ? (
                  <select aria-label={`Condition of ${permission.label}`} value={chosen[permission.key]} onChange={(event) => edited(() => setChosen({ ...chosen, [permission.key]: event.target.value as Condition }))}>
                    <option value="">All records</option>
                    <option value="own">Own records only</option>
                    <option value="scoped">Scoped resources only</option>
                  </select>
                ) : null}
              </Box>
            );
          })}
        </Box>
      ))}
      {preview ? <ImpactSummary preview={preview} holders="people holding this policy" /> : null}
      <Button type="submit" variant="contained" disabled={busy || overLimit || !name.trim()} data-testid="action-submit">
        {preview ? 'Save policy' : previewFirst ? 'Preview the change' : 'Save policy'}
      </Button>
    </Box>
  );
}
