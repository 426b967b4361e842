// The dashboard: users by status, pending and expiring invitations, locked accounts and recent
// denied actions, each scoped on the server to what the signed-in user may see and shown only to
// those whose work they are; a member without such rights is pointed to My profile.
import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H4, Loader, Text } from '@adminjs/design-system';
import { panelRootPath } from './panel-api.ts';

interface Data {
  usersByStatus: { active: number; disabled: number; invited: number; locked: number };
  invitations: { pending: number; expiringSoon: { id: string; email: string; expiresAt: string }[] };
  locked: { id: string; email: string; lockedUntil: string | null }[];
  denied: { id: string; at: string; text: string }[];
  canSeeAudit: boolean;
  canManageUsers: boolean;
  canInvite: boolean;
}

const api = new ApiClient();

function Tile({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Box variant="card" p="lg" mr="lg" mb="lg" style={{ minWidth: 160 }} data-testid={testId}>
      <Text variant="sm">{label}</Text>
      <H2>{value}</H2>
    </Box>
  );
}

export default function Dashboard() {
  const [data, setData] = useState<Data | null>(null);
  useEffect(() => {
    api.getDashboard<Data>().then((response) => setData(response.data));
  }, []);
  if (!data) return <Loader />;
  const { usersByStatus: users } = data;
  return (
    <Box variant="grey" data-testid="gatehouse-dashboard">
      {!data.canManageUsers && !data.canInvite && !data.canSeeAudit ? (
        <Box variant="card" p="lg" mb="lg" data-testid="dashboard-member">
          <H4>Your account</H4>
          <Text>Your profile, password, second factor and the roles of your accounts are on <a href={`${panelRootPath()}/pages/myProfile`}>My profile</a>.</Text>
        </Box>
      ) : null}
      {data.canManageUsers ? (
        <>
          <H4>Users by status</H4>
          <Box flex flexWrap="wrap">
            <Tile label="Active" value={users.active} testId="users-active" />
            <Tile label="Invited" value={users.invited} testId="users-invited" />
            <Tile label="Disabled" value={users.disabled} testId="users-disabled" />
            <Tile label="Locked" value={users.locked} testId="users-locked" />
            {data.canInvite ? <Tile label="Pending invitations" value={data.invitations.pending} testId="invitations-pending" /> : null}
          </Box>
          <Box variant="card" p="lg" mb="lg">
            <H4>Locked accounts</H4>
            {data.locked.length === 0 ? <Text>None.</Text> : data.locked.map((row) => <Text key={row.id}>{row.email} — {row.lockedUntil ? `until ${new Date(row.lockedUntil).toLocaleString()}` : 'until unlocked'}</Text>)}
          </Box>
        </>
      ) : null}
      {data.canInvite ? (
        <Box variant="card" p="lg" mb="lg">
          <H4>Invitations expiring within a day</H4>
          {data.invitations.expiringSoon.length === 0 ? <Text>None.</Text> : data.invitations.expiringSoon.map((row) => <Text key={row.id}>{row.email} — {new Date(row.expiresAt).toLocaleString()}</Text>)}
        </Box>
      ) : null}
      {data.canSeeAudit ? (
        <Box variant="card" p="lg" mb="lg">
          <H4>Recent denied actions</H4>
          {data.denied.length === 0 ? <Text>None.</Text> : data.denied.map((row) => <Text key={row.id}>{new Date(row.at).toLocaleString()} — {row.text}</Text>)}
        </Box>
      ) : null}
    </Box>
  );
}
