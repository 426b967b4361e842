// The user page's Sessions action (R-SESS-3): the user's open sessions, each with an End button,
// and one to end them all. The list comes with the action's page (decided like ending them, R-ESC-2);
// every End is the same operation as POST /users/:id/sessions/end.
import React, { useEffect, useState } from 'react';
import { type ActionProps, useNotice } from 'adminjs';
import { Box, Button, Loader, MessageBox, Text } from '@adminjs/design-system';
import SessionsList, { type SessionItem } from './SessionsList.tsx';
import { actionTarget, callAction } from './panel-api.ts';

export default function UserSessions(props: ActionProps) {
  const addNotice = useNotice();
  const [sessions, setSessions] = useState<SessionItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    callAction<{ sessions?: SessionItem[] }>(actionTarget(props), 'get').then((answer) => {
      if (answer.notice?.type === 'error') setError(answer.notice.message);
      setSessions(answer.data?.sessions ?? []);
    });
  useEffect(() => {
    void load();
  }, [props.record?.id]);

  const end = async (input: { session?: string }) => {
    setBusy(true);
    try {
      const answer = await callAction(actionTarget(props), 'post', input);
      if (answer.notice) addNotice(answer.notice);
      setError(answer.notice?.type === 'error' ? answer.notice.message : null);
      await load();
    } finally {
      setBusy(false);
    }
  };

  if (sessions === null) return <Loader />;
  return (
    <Box variant="container" data-testid="user-sessions">
      {error ? <MessageBox variant="danger" message={error} mb="lg" /> : null}
      <Text mb="lg">Where this user is signed in. An ended session is signed out at its next request.</Text>
      <SessionsList sessions={sessions} busy={busy} onEnd={(session) => void end({ session: session.id })} />
      {sessions.length > 0 ? (
        <Button variant="danger" disabled={busy} onClick={() => void end({})} data-testid="end-all-sessions">End every session</Button>
      ) : null}
    </Box>
  );
}
