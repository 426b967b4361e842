// A user's page as staff read it: tabs instead of one long column — Details, Organisations,
// Security, Why? (what they may do, and why), Activity. The fields are AdminJS's own (each shown
// by its property component, in the words the resource gives them); which tab a field belongs to
// is said here, and a field this tab list does not know is shown under Details, so nothing the
// server sends is lost.
import React, { useEffect, useState } from 'react';
import { ApiClient, BasePropertyComponent, type ActionProps } from 'adminjs';
import { Box, Button, Loader, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { useSelector } from 'react-redux';
import ExplainAccess from './ExplainAccess.tsx';

type TabId = 'details' | 'organisations' | 'security' | 'why' | 'activity';

const TABS: readonly { readonly id: TabId; readonly label: string }[] = [
  { id: 'details', label: 'Details' },
  { id: 'organisations', label: 'Organisations' },
  { id: 'security', label: 'Security' },
  { id: 'why', label: 'Why?' },
  { id: 'activity', label: 'Activity' },
];

const TAB_OF: Readonly<Record<string, TabId>> = {
  organizations: 'organisations',
  accessEndsText: 'organisations',
  status: 'security',
  disabledUntilText: 'security',
  disabledReason: 'security',
  locked: 'security',
  lockedUntilText: 'security',
  failedAttempts: 'security',
  mfaMethod: 'security',
  mfaEnrolled: 'security',
  ipAllowlistText: 'security',
  securityQuestion: 'security',
  passwordChangedAt: 'security',
  lastLoginAt: 'security',
};

interface AuditRow {
  readonly id: string;
  readonly params: Readonly<Record<string, unknown>>;
}

const api = new ApiClient();

/** The latest events by or about the user, newest first: two filtered pages of the trail, merged. */
async function activityOf(userId: string): Promise<AuditRow[]> {
  const page = async (filter: 'actorId' | 'targetId') => {
    const answer = await api.resourceAction({ resourceId: 'AuditEvent', actionName: 'list', params: { [`filters.${filter}`]: userId, perPage: 10, sortBy: 'at', direction: 'desc' } });
    return ((answer.data as { records?: AuditRow[] }).records ?? []) as AuditRow[];
  };
  const rows = new Map<string, AuditRow>();
  for (const row of [...(await page('targetId')), ...(await page('actorId'))]) rows.set(row.id, row);
  return [...rows.values()].sort((a, b) => String(b.params.at).localeCompare(String(a.params.at))).slice(0, 10);
}

interface ResourceState {
  readonly id: string;
  readonly resourceActions?: readonly { readonly name: string }[];
  readonly properties?: Readonly<Record<string, { readonly availableValues?: readonly { readonly value: string; readonly label: string }[] | null }>>;
}

function Activity({ userId, trail }: { readonly userId: string; readonly trail: ResourceState }) {
  // The outcome in the trail's own words (its resource's choices), as its list shows it.
  const outcomeWords = new Map((trail.properties?.outcome?.availableValues ?? []).map((choice) => [choice.value, choice.label]));
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    activityOf(userId).then(setRows, () => setFailed(true));
  }, [userId]);
  if (failed) return <Text>The activity could not be read; reload the page to try again.</Text>;
  if (rows === null) return <Loader />;
  if (rows.length === 0) return <Text>Nothing recorded yet for this user.</Text>;
  return (
    <Table data-testid="user-activity">
      <TableHead>
        <TableRow>
          {['When', 'By', 'Action', 'Target', 'Outcome'].map((title) => (
            <TableCell key={title}>{title}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id}>
            <TableCell>{new Date(String(row.params.at)).toLocaleString()}</TableCell>
            <TableCell>{String(row.params.actorText ?? '')}</TableCell>
            <TableCell>{String(row.params.actionText ?? '')}</TableCell>
            <TableCell>{String(row.params.targetText ?? '')}</TableCell>
            <TableCell>{outcomeWords.get(String(row.params.outcome)) ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export default function UserDetails(props: ActionProps) {
  const { resource, record } = props;
  const [tab, setTab] = useState<TabId>('details');
  // The trail is offered to those who may list it: AdminJS sends a resource's list action only to them.
  const trail = useSelector((state: { resources: readonly ResourceState[] }) => state.resources.find((entry) => entry.id === 'AuditEvent'));
  const mayReadTrail = trail?.resourceActions?.some((action) => action.name === 'list') ?? false;
  if (!record) return <Loader />;
  const tabs = TABS.filter((entry) => entry.id !== 'activity' || mayReadTrail);
  // The security question reaches only its owner's page (R-SECRET-1): no empty heading for anyone else.
  const fields = resource.showProperties.filter((property) => (TAB_OF[property.propertyPath] ?? 'details') === tab && (property.propertyPath !== 'securityQuestion' || record.params.securityQuestion !== undefined));
  return (
    <Box variant="container" data-testid="user-details">
      <Box flex flexDirection="row" flexWrap="wrap" mb="xl" role="tablist">
        {tabs.map((entry) => (
          <Button key={entry.id} role="tab" aria-selected={entry.id === tab} data-testid={`user-tab-${entry.id}`} variant={entry.id === tab ? 'contained' : 'text'} mr="sm" onClick={() => setTab(entry.id)}>
            {entry.label}
          </Button>
        ))}
      </Box>
      <Box role="tabpanel">
        {tab === 'why' ? <ExplainAccess userId={record.id} /> : tab === 'activity' && trail ? <Activity userId={record.id} trail={trail} /> : fields.map((property) => <BasePropertyComponent key={property.propertyPath} where="show" property={property} resource={resource} record={record} />)}
      </Box>
    </Box>
  );
}
