// AdminJS's own edit form for a user's profile fields, with its handler replaced: the users service
// applies the change (R-SELF-2: one's own username and e-mail are read-only; R-OWNER-1: only the
// owner edits the owner). Only fields that changed are sent, so an unchanged read-only field is
// never mistaken for an attempt to change it.
import type { Action, ActionContext, ActionRequest, RecordActionResponse } from 'adminjs';
import type { GatehouseContext } from '../../../src/context.ts';
import { updateUserProfile, type UserProfileInput } from '../../../src/users/index.ts';
import { allowsOn, userTarget } from '../../access.ts';
import { asNotice, successNotice } from '../../notices.ts';
import { principalOf } from '../../panel-gate.ts';

export const profileFields = ['firstName', 'lastName', 'username', 'email', 'phone', 'fax', 'address', 'postalAddress'] as const;
const nullable = new Set(['phone', 'fax', 'address', 'postalAddress']);

export function editProfileAction(ctx: GatehouseContext): Partial<Action<RecordActionResponse>> {
  return {
    isAccessible: allowsOn(ctx, 'user.edit', userTarget),
    isVisible: allowsOn(ctx, 'user.edit', userTarget),
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
      const record = context.record;
      const who = principalOf(context.currentAdmin);
      if (!record || !who) throw new Error('edit without a record or a principal');
      if (request.method === 'get') return { record: record.toJSON(context.currentAdmin) };
      const payload = request.payload ?? {};
      const changes: Record<string, string | null> = {};
      for (const field of profileFields) {
        if (!(field in payload)) continue;
        const value = typeof payload[field] === 'string' ? (payload[field] as string).trim() : '';
        const before = record.param(field) ?? '';
        if (value === String(before)) continue;
        changes[field] = value === '' && nullable.has(field) ? null : value;
      }
      const outcome = await asNotice(() => updateUserProfile(ctx, who, String(record.id()), changes as UserProfileInput));
      if (!outcome.ok) return { record: record.toJSON(context.currentAdmin), notice: outcome.notice };
      const fresh = await context.resource.findOne(String(record.id()), context);
      return {
        record: (fresh ?? record).toJSON(context.currentAdmin),
        notice: successNotice('The profile is saved'),
        redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: String(record.id()), actionName: 'show' }),
      };
    },
  };
}
