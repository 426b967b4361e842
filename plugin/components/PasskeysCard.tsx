// My profile's Passkeys card (R-PASSKEY-1): one's passkeys by name, when each was added and last
// used and whether it is synced; add one (a name and the current password, then the browser's own
// prompt, through @simplewebauthn/browser's startRegistration), rename one, remove one (with the
// current password). Every change is an account operation, called through My profile's `run`.
import React, { useState } from 'react';
import { startRegistration } from '@simplewebauthn/browser';
import { Box, Button, H4, Text } from '@adminjs/design-system';
import type { Answer } from './panel-api.ts';
import TextField from './TextField.tsx';

export interface PasskeyItem {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
}

type Run = (actionName: string, input: Record<string, unknown>) => Promise<Answer<{ view?: unknown }>>;

const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : 'never');
const kind = (item: PasskeyItem): string => (item.deviceType === 'multiDevice' ? 'synced between your devices' : 'kept on one device');

function PasskeyRow({ item, onRename, onRemove }: { item: PasskeyItem; onRename: (name: string) => Promise<void>; onRemove: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Box as="li" p="default" mb="default" data-testid="passkey" style={{ border: '1px solid #E0E0E0', borderRadius: 4 }}>
      {editing === null ? (
        <Text fontWeight="bold">{item.name}</Text>
      ) : (
        <Box as="form" onSubmit={async (event: React.FormEvent) => { event.preventDefault(); await onRename(editing); setEditing(null); }}>
          <TextField id={`gh-passkey-name-${item.id}`} label="New name" value={editing} onChange={setEditing} />
          <Button size="sm" mr="default" type="submit" variant="contained">Save the name</Button>
          <Button size="sm" type="button" variant="text" onClick={() => setEditing(null)}>Cancel</Button>
        </Box>
      )}
      <Text>Added {when(item.createdAt)}; last used {when(item.lastUsedAt)}; {kind(item)}.</Text>
      {editing === null ? (
        <Box mt="sm">
          <Button size="sm" mr="default" variant="outlined" onClick={() => setEditing(item.name)} data-testid="rename-passkey">Rename</Button>
          <Button size="sm" variant="danger" onClick={onRemove} data-testid="remove-passkey">Remove</Button>
        </Box>
      ) : null}
    </Box>
  );
}

export default function PasskeysCard({ passkeys, run, onError }: { passkeys: PasskeyItem[]; run: Run; onError: (message: string) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const add = async () => {
    setBusy(true);
    try {
      const started = await run('startPasskey', { currentPassword: password });
      const options = (started.data?.view as { options?: Parameters<typeof startRegistration>[0]['optionsJSON'] } | undefined)?.options;
      if (!options) return;
      let response;
      try {
        response = await startRegistration({ optionsJSON: options });
      } catch (failure) {
        onError((failure as { name?: string }).name === 'NotAllowedError' ? 'No passkey was created. Try again when your device asks.' : 'Your browser could not create a passkey here.');
        return;
      }
      const added = await run('addPasskey', { name, response });
      if (added.notice?.type !== 'error') { setName(''); setPassword(''); }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="card" p="lg" mb="lg" data-testid="passkeys-section">
      <H4>Passkeys</H4>
      <Text mb="default">A passkey signs you in with your device's lock (a fingerprint, your face or a PIN) instead of your password, or as the second step after it.</Text>
      {passkeys.length === 0 ? <Text mb="default">You have no passkeys yet.</Text> : (
        <Box as="ul" mb="default" style={{ listStyle: 'none', padding: 0 }}>
          {passkeys.map((item) => (
            <PasskeyRow
              key={item.id}
              item={item}
              onRename={async (newName) => { await run('renamePasskey', { passkey: item.id, name: newName }); }}
              onRemove={() => {
                if (!password) { onError('Enter your current password below to remove a passkey.'); return; }
                void run('removePasskey', { passkey: item.id, currentPassword: password }).then((answer) => { if (answer.notice?.type !== 'error') setPassword(''); });
              }}
            />
          ))}
        </Box>
      )}
      <TextField id="gh-passkey-name" label="Name of the new passkey" value={name} onChange={setName} />
      <TextField id="gh-passkey-password" label="Your current password (needed to add or remove a passkey)" type="password" value={password} onChange={setPassword} />
      <Button variant="contained" disabled={busy} data-testid="add-passkey" onClick={() => void add()}>Add a passkey</Button>
    </Box>
  );
}
