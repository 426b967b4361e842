// The user page's "Why?" tab (R-EXPLAIN-1): may this user do something in one of their
// organisations, and why — the role and policy that give it, or what stands in the way, in words.
// It asks the REST API's explain route, which decides what the viewer may see of the user.
import React, { useEffect, useState } from 'react';
import { Box, Button, Label, Loader, Text } from '@adminjs/design-system';
import { panelRootPath } from './panel-api.ts';

interface Membership { readonly organizationId: string; readonly organizationName: string }
interface PermissionGroup { readonly label: string; readonly permissions: readonly { readonly key: string; readonly label: string }[] }
interface Chain { readonly organizationName: string; readonly roleName: string; readonly policy: string | null; readonly condition: 'all' | 'own' | 'scoped'; readonly source: 'grant' | 'scope' | 'owner'; readonly because?: string }
interface Explanation { readonly allowed: boolean; readonly label: string; readonly because: string | null; readonly grantedBy: readonly Chain[]; readonly setAside: readonly Chain[] }

const CONDITION_WORDS: Readonly<Record<Chain['condition'], string>> = {
  all: 'on every record',
  own: 'on their own records only',
  scoped: 'on the instances their access is limited to',
};

async function read<T>(path: string): Promise<T> {
  const answer = await fetch(`${panelRootPath()}/api/v1${path}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!answer.ok) throw new Error(String(answer.status));
  return (await answer.json()) as T;
}

function chainInWords(chain: Chain): string {
  if (chain.source === 'owner') return `As the owner of ${chain.organizationName}, ${CONDITION_WORDS[chain.condition]}`;
  const through = chain.policy ? `, through the policy “${chain.policy}”` : '';
  return `The role ${chain.roleName} in ${chain.organizationName}${through}, ${CONDITION_WORDS[chain.condition]}`;
}

export default function ExplainAccess({ userId }: { readonly userId: string }) {
  const [memberships, setMemberships] = useState<Membership[] | null>(null);
  const [groups, setGroups] = useState<PermissionGroup[]>([]);
  const [organizationId, setOrganizationId] = useState('');
  const [permission, setPermission] = useState('');
  const [answer, setAnswer] = useState<Explanation | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    Promise.all([read<{ memberships: Membership[] }>(`/users/${encodeURIComponent(userId)}`), read<{ groups: PermissionGroup[] }>('/permissions')]).then(([user, catalog]) => {
      setMemberships(user.memberships);
      setOrganizationId(user.memberships[0]?.organizationId ?? '');
      setGroups(catalog.groups);
      setPermission(catalog.groups[0]?.permissions[0]?.key ?? '');
    }, () => setFailed(true));
  }, [userId]);
  const ask = () => {
    setAnswer(null);
    read<Explanation>(`/users/${encodeURIComponent(userId)}/explain?permission=${encodeURIComponent(permission)}&organizationId=${encodeURIComponent(organizationId)}`).then(setAnswer, () => setFailed(true));
  };
  if (failed) return <Text>The answer could not be read; reload the page to try again.</Text>;
  if (memberships === null) return <Loader />;
  if (memberships.length === 0) return <Text>This user belongs to no organisation you can see.</Text>;
  return (
    <Box data-testid="explain-access">
      <Text mb="lg">Ask whether this user may do something in one of their organisations, and why.</Text>
      <Box flex flexDirection="row" flexWrap="wrap" mb="lg" style={{ gap: 16, alignItems: 'flex-end' }}>
        <Box>
          <Label htmlFor="gh-explain-organization">Organisation</Label>
          <select id="gh-explain-organization" value={organizationId} onChange={(event) => (setOrganizationId(event.target.value), setAnswer(null))} style={{ padding: 8 }}>
            {memberships.map((membership) => (
              <option key={membership.organizationId} value={membership.organizationId}>
                {membership.organizationName}
              </option>
            ))}
          </select>
        </Box>
        <Box>
          <Label htmlFor="gh-explain-permission">Permission</Label>
          <select id="gh-explain-permission" value={permission} onChange={(event) => (setPermission(event.target.value), setAnswer(null))} style={{ padding: 8, maxWidth: 420 }}>
            {groups.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.permissions.map((entry) => (
                  <option key={entry.key} value={entry.key}>
                    {entry.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Box>
        <Button variant="contained" onClick={ask} data-testid="explain-ask">
          Why?
        </Button>
      </Box>
      {answer ? (
        <Box data-testid="explain-answer">
          <Text mb="default" fontWeight="bold">
            {answer.allowed ? `Allowed: ${answer.label}.` : `Not allowed: ${answer.label}.`}
          </Text>
          {answer.because ? <Text mb="default">{answer.because}</Text> : null}
          {answer.grantedBy.length > 0 ? <Text mb="sm">{answer.allowed ? 'Given by:' : 'Given by, but not enough:'}</Text> : null}
          {answer.grantedBy.map((chain, index) => (
            <Text key={`given-${index}`} ml="lg">
              {chainInWords(chain)}
            </Text>
          ))}
          {answer.setAside.length > 0 ? <Text mt="default" mb="sm">Not counted:</Text> : null}
          {answer.setAside.map((chain, index) => (
            <Text key={`aside-${index}`} ml="lg">
              {chainInWords(chain)}. {chain.because}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
