// The header's signed-in user (AdminJS's LoggedIn), with the account switcher of seed 001: a user
// who belongs to several accounts picks the one the panel works in, and the header says which
// account that is and the role held there. Choosing one reloads the page, whose lists, counts and
// actions the server then limits to that account (plugin/account-switch.ts).
import React, { useState } from 'react';
import { Box, CurrentUserNav, Label, Text } from '@adminjs/design-system';
import { panelRootPath, postSessionChange } from './panel-api.ts';
import ImpersonationBanner, { type BannerFacts } from './ImpersonationBanner.tsx';

interface Account {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

interface Session {
  readonly email: string;
  readonly title?: string;
  readonly accounts?: readonly Account[];
  readonly account?: string | null;
  /** While acting as another user (R-IMP-1). */
  readonly impersonation?: BannerFacts | null;
}

interface Props {
  readonly session: Session;
  readonly paths: { readonly logoutPath: string };
}

const ALL = '';

function titleOf(session: Session): string {
  const accounts = session.accounts ?? [];
  const chosen = accounts.find((account) => account.id === session.account);
  if (chosen) return `${chosen.name} · ${chosen.role}`;
  const [only] = accounts;
  if (accounts.length === 1 && only) return `${only.name} · ${only.role}`;
  return accounts.length > 1 ? `All ${accounts.length} of your accounts` : (session.title ?? '');
}

export default function AccountSwitcher({ session, paths }: Props) {
  const accounts = session.accounts ?? [];
  const [failed, setFailed] = useState(false);
  async function choose(value: string): Promise<void> {
    const response = await postSessionChange(`${panelRootPath()}/account`, { organizationId: value === ALL ? null : value });
    if (!response.ok) return setFailed(true);
    // Back to the dashboard: the record on screen may not be in the chosen account.
    window.location.assign(panelRootPath());
  }
  const logout = { label: 'Sign out', icon: 'LogOut', onClick: (event: React.MouseEvent) => (event.preventDefault(), window.location.assign(paths.logoutPath)) };
  return (
    <Box flex flexShrink={0} alignItems="center" data-css="logged-in">
      {session.impersonation ? <ImpersonationBanner banner={session.impersonation} /> : null}
      {accounts.length > 1 ? (
        <Box flex alignItems="center" mr="lg">
          <Label htmlFor="gatehouse-account" mb="0" mr="sm">
            Account
          </Label>
          <select id="gatehouse-account" data-testid="account-switcher" value={session.account ?? ALL} onChange={(event) => void choose(event.target.value)}>
            <option value={ALL}>All my accounts</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name} ({account.role})
              </option>
            ))}
          </select>
          {failed ? (
            <Text ml="sm" color="error">
              The account could not be chosen; reload the page.
            </Text>
          ) : null}
        </Box>
      ) : null}
      <CurrentUserNav name={session.email} title={titleOf(session)} dropActions={[logout]} />
    </Box>
  );
}
