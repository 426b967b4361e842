// The page of a one-click action (lock, unlock, reset password, revoke…): the question, then a
// POST. AdminJS would call a button action with GET; a change is never made by a GET here, so that
// a link or a prefetch cannot lock a user (the session cookie would go along with it).
import React, { useEffect, useState } from 'react';
import { type ActionProps, useNotice, useTranslation } from 'adminjs';
import { Box, Button, Loader, MessageBox, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router-dom';
import { actionTarget, callAction } from './panel-api.ts';

export default function ConfirmAction(props: ActionProps) {
  const addNotice = useNotice();
  const { translateAction } = useTranslation();
  const navigate = useNavigate();
  const [question, setQuestion] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const call = (method: 'get' | 'post') => callAction<{ confirm?: string; reload?: boolean }>(actionTarget(props), method, method === 'post' ? {} : undefined);

  useEffect(() => {
    call('get').then((answer) => {
      if (answer.notice?.type === 'error') setError(answer.notice.message);
      setQuestion(answer.data?.confirm ?? `${props.action.label}?`);
    });
  }, [props.action.name, props.record?.id]);

  if (question === null) return <Loader />;
  const confirm = async () => {
    setBusy(true);
    try {
      const answer = await call('post');
      if (answer.notice) addNotice(answer.notice);
      if (answer.notice?.type === 'error') setError(answer.notice.message);
      // The page state (who is signed in) changed: only a full load shows it.
      else if (answer.redirectUrl && answer.data?.reload) window.location.assign(answer.redirectUrl);
      else if (answer.redirectUrl) navigate(answer.redirectUrl);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box variant="container" data-testid="confirm-action">
      {error ? <MessageBox variant="danger" message={error} mb="lg" /> : null}
      <Text mb="xl">{question}</Text>
      <Button variant={props.action.variant === 'danger' ? 'danger' : 'contained'} disabled={busy} onClick={confirm} data-testid="action-submit">
        {/* The action's words from the panel's locale (R-PANEL-1); AdminJS's label here is the action's name. */}
        {translateAction(props.action.name, props.resource.id)}
      </Button>
    </Box>
  );
}
