// The audit trail as staff read it: who did what to whom, in words. The stored event keeps ids and
// keys (the REST API and exports answer those); the panel adds names and a sentence, looked up
// when the page is shown, so a renamed user reads with their current name and a removed one as such.
import type { GatehouseContext } from '../context.ts';
import { builtInOperations } from '../operations/built-in.ts';

type Row = Record<string, unknown>;

/** Events written outside operations, by the sign-in and the public pages. */
const eventWords: Readonly<Record<string, string>> = {
  'auth.signIn': 'Sign-in',
  'auth.secondFactor': 'Second sign-in step',
  'invitation.accept': 'Accepted an invitation',
  'user.resetPassword.request': 'Asked for a password reset link',
  'user.resetPassword.complete': 'Chose a new password from a reset link',
  'user.emailChanged': 'Confirmed a new e-mail address',
  // R-EXP-2: written by the access-expiry sweep, by nobody.
  'user.accessEnded': 'Access ended',
  // R-IMP-1: support acting as another user.
  'impersonation.request': 'Looked while signed in as another user',
  'impersonation.end': 'Stopped acting as another user',
};

interface OperationWords {
  /** By the action an operation audits, when only one operation audits it. */
  readonly byAction: ReadonlyMap<string, string>;
  /** By the operation's own key (lock and unlock both audit `user.lock`; their events name the transition). */
  readonly byKey: ReadonlyMap<string, string>;
}

function operationWords(): OperationWords {
  const byAction = new Map<string, string[]>();
  const byKey = new Map<string, string>();
  for (const operation of builtInOperations) {
    byKey.set(operation.key, operation.label);
    if (operation.audit === false) continue;
    const action = operation.audit.action ?? operation.key;
    byAction.set(action, [...(byAction.get(action) ?? []), operation.label]);
  }
  const unique = [...byAction].filter(([, labels]) => labels.length === 1).map(([action, labels]) => [action, labels[0] as string] as const);
  return { byAction: new Map(unique), byKey };
}

let words: OperationWords | null = null;

/** What an event did, in words: the operation's label, the sign-in's events, or the permission's label. */
export function actionInWords(ctx: GatehouseContext, action: string, details: Readonly<Record<string, unknown>>): string {
  words ??= operationWords();
  if (action === 'user.lock' && details.reason === 'failed sign-in attempts') return 'Locked after failed sign-in attempts';
  const transition = typeof details.transition === 'string' ? words.byKey.get(`user.${details.transition}`) : undefined;
  return transition ?? eventWords[action] ?? words.byAction.get(action) ?? ctx.catalog[action]?.label ?? 'Action of the host application';
}

/** Every action the trail may hold, in words, for the panel's filter: permissions by their labels, the rest by the operation's. */
export function auditActionWords(ctx: GatehouseContext): Readonly<Record<string, string>> {
  const all: Record<string, string> = {};
  for (const operation of builtInOperations) {
    if (operation.audit !== false) all[operation.audit.action ?? operation.key] = operation.label;
  }
  for (const [action, spec] of Object.entries(ctx.catalog)) all[action] = spec.label;
  return { ...all, ...eventWords };
}

/** How an event ended, in words: the trail's column, its filter and the export. */
export const outcomeWords: Readonly<Record<string, string>> = { ALLOWED: 'Done', DENIED: 'Refused', FAILED: 'Failed' };

/** The details as "name: value" lines, without the ids the other columns already show in words. */
export function detailsInWords(details: Readonly<Record<string, unknown>>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    // The user acted as is named beside the actor, in words.
    if (value === null || value === undefined || key === 'transition' || key === 'actingAsId') continue;
    const name = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/Id$/, '').toLowerCase();
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    lines.push(`${name.charAt(0).toUpperCase()}${name.slice(1)}: ${text}`);
  }
  return lines.join('\n');
}

const person = (user: { firstName: string; lastName: string; email: string } | null): string | null => (user ? `${user.firstName} ${user.lastName} (${user.email})` : null);

/** A target's name, or null when it no longer exists or is of a kind the panel does not name. */
async function targetName(ctx: GatehouseContext, type: string | null, id: string | null): Promise<string | null> {
  if (!type || !id) return null;
  const { prisma } = ctx;
  switch (type) {
    case 'user':
      return person(await prisma.user.findUnique({ where: { id }, select: { firstName: true, lastName: true, email: true } }));
    case 'organization':
      return (await prisma.organization.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
    case 'role':
      return (await prisma.role.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
    case 'policy':
      return (await prisma.permissionPolicy.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
    case 'invitation': {
      const invitation = await prisma.invitation.findUnique({ where: { id }, select: { email: true } });
      return invitation ? `Invitation of ${invitation.email}` : null;
    }
    case 'apiKey':
      return (await prisma.apiKey.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
    default:
      return null;
  }
}

const typeWords: Readonly<Record<string, string>> = {
  user: 'A user',
  organization: 'An organisation',
  role: 'A role',
  policy: 'A permission policy',
  invitation: 'An invitation',
  apiKey: 'An API key',
};

/** The virtual columns of an audit event: when, who, what, to whom, how it ended, with what. */
export async function auditEventInWords(ctx: GatehouseContext, row: Row): Promise<Row> {
  let details: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(String(row.details ?? '{}'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) details = parsed as Record<string, unknown>;
  } catch {
    // A row written by hand with broken JSON still shows, without details.
  }
  const actorId = typeof row.actorId === 'string' ? row.actorId : null;
  const targetType = typeof row.targetType === 'string' ? row.targetType : null;
  const targetId = typeof row.targetId === 'string' ? row.targetId : null;
  const actingAsId = typeof details.actingAsId === 'string' ? details.actingAsId : null;
  const [actor, target, actedAs] = await Promise.all([
    actorId ? ctx.prisma.user.findUnique({ where: { id: actorId }, select: { firstName: true, lastName: true, email: true } }) : null,
    targetName(ctx, targetType, targetId),
    actingAsId ? targetName(ctx, 'user', actingAsId) : null,
  ]);
  const actorText = actorId === null ? 'Gatehouse (automatic)' : (person(actor) ?? 'A user who no longer exists');
  return {
    actionText: actionInWords(ctx, String(row.action), details),
    actorText: actingAsId === null ? actorText : `${actorText} acting as ${actedAs ?? 'a user who no longer exists'}`,
    targetText: target ?? (targetId === null ? '—' : `${typeWords[targetType ?? ''] ?? 'A record'} that no longer exists`),
    outcomeText: outcomeWords[String(row.outcome)] ?? 'Unknown',
    detailsText: detailsInWords(details),
  };
}
