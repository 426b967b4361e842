// The panel's React components, registered under fixed names. The same registry is used when
// `npm run build` bundles them (scripts/build.ts) and when the server starts, so the names in the
// prebuilt bundle and in the server's configuration always agree.
import { join } from 'node:path';
import { ComponentLoader } from '../adminjs-runtime.ts';
import { packageRoot } from '../package-root.ts';

const files = {
  ActionForm: 'ActionForm.tsx',
  AssignOrganizations: 'AssignOrganizations.tsx',
  ConfirmAction: 'ConfirmAction.tsx',
  PermissionPicker: 'PermissionPicker.tsx',
  MigrateRole: 'MigrateRole.tsx',
  MyProfile: 'MyProfile.tsx',
  Dashboard: 'Dashboard.tsx',
  ExportAuditCsv: 'ExportAuditCsv.tsx',
  UserDetails: 'UserDetails.tsx',
  PermissionSections: 'PermissionSections.tsx',
  UserSessions: 'UserSessions.tsx',
} as const;

/** AdminJS's own components that Gatehouse replaces, by AdminJS's name. */
const overrides = { Login: 'Login.tsx', DefaultListAction: 'RecordList.tsx', LoggedIn: 'AccountSwitcher.tsx', SidebarResourceSection: 'SidebarSections.tsx' } as const;

export type ComponentName = keyof typeof files;

/** Sources stay in plugin/components even when the server runs compiled: only the bundler reads them. */
export const componentsDir = join(packageRoot, 'plugin', 'components');

export interface PanelComponents {
  readonly loader: ComponentLoader;
  readonly ids: Readonly<Record<ComponentName, string>>;
}

export function panelComponents(): PanelComponents {
  const loader = new ComponentLoader();
  const ids = {} as Record<ComponentName, string>;
  for (const [name, file] of Object.entries(files) as [ComponentName, string][]) {
    ids[name] = loader.add(`Gatehouse${name}`, join(componentsDir, file));
  }
  for (const [name, file] of Object.entries(overrides)) loader.override(name, join(componentsDir, file));
  return { loader, ids };
}
