// A list of sessions (R-SESS-3) in words: when each began and was last seen (in the browser's own
// date format), the address and the browser, the one in use marked; an End button on each other one.
// Shared by My profile (one's own) and the user page's Sessions action (someone else's).
import React from 'react';
import { Box, Button, Text } from '@adminjs/design-system';

export interface SessionItem {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string | null;
  ip: string | null;
  userAgent: string | null;
}

const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : 'not yet');

export default function SessionsList({ sessions, onEnd, busy }: { sessions: SessionItem[]; onEnd: (session: SessionItem) => void; busy: boolean }) {
  if (sessions.length === 0) return <Text mb="default">No open sessions.</Text>;
  return (
    <Box as="ul" mb="default" style={{ listStyle: 'none', padding: 0 }}>
      {sessions.map((session) => (
        <Box as="li" key={session.id} p="default" mb="default" data-testid={session.current ? 'current-session' : 'session'} style={{ border: '1px solid #E0E0E0', borderRadius: 4 }}>
          <Text fontWeight="bold">{session.userAgent || 'Unknown browser'}{session.current ? ' — this session' : ''}</Text>
          <Text>Signed in {when(session.createdAt)} from {session.ip || 'an unknown address'}; last seen {when(session.lastSeenAt)}.</Text>
          {session.current ? null : (
            <Button mt="sm" size="sm" variant="danger" disabled={busy} onClick={() => onEnd(session)} data-testid="end-session">End this session</Button>
          )}
        </Box>
      ))}
    </Box>
  );
}
