// GET /audit-events/export.csv: the same filtered, scoped trail as GET /audit-events, as a CSV file
// for a spreadsheet — ids and keys for machines beside the same words the panel shows for people.
import type { Response } from 'express';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { auditEventInWords } from './in-words.ts';
import { type AuditQueryInput, queryAuditEvents } from './query.ts';

/** Rows in one file at most: a longer period is exported in parts (the header says so). */
export const MAX_EXPORT_ROWS = 10_000;
const BATCH = 100;

const columns = ['When', 'By', 'Action', 'Outcome', 'Target', 'Details', 'Rule', 'IP address', 'Actor id', 'Action key', 'Target type', 'Target id', 'Organisation id'] as const;

/**
 * One CSV cell. A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first)
 * starts with an apostrophe, so an attacker-chosen name cannot become a formula on an auditor's machine.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function exportAuditEvents(ctx: GatehouseContext, who: Principal, query: Omit<AuditQueryInput, 'page' | 'pageSize'>, res: Response): Promise<void> {
  const lines: string[] = [columns.map(csvCell).join(',')];
  let total = 0;
  for (let page = 1; (page - 1) * BATCH < MAX_EXPORT_ROWS; page += 1) {
    const result = await queryAuditEvents(ctx, who, { ...query, page, pageSize: BATCH });
    total = result.total;
    // One batch's names at once: Prisma batches the lookups made in one tick.
    const described = await Promise.all(result.items.map((event) => auditEventInWords(ctx, { ...event, details: JSON.stringify(event.details) })));
    for (const [index, event] of result.items.entries()) {
      const words = described[index] as Awaited<ReturnType<typeof auditEventInWords>>;
      lines.push(
        [event.at, words.actorText, words.actionText, words.outcomeText, words.targetText, words.detailsText, event.rule, event.ip, event.actorId, event.action, event.targetType, event.targetId, event.organizationId]
          .map(csvCell)
          .join(','),
      );
    }
    if (page * BATCH >= result.total) break;
  }
  const stamp = ctx.config.now().toISOString().slice(0, 10);
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="audit-trail-${stamp}.csv"`)
    .set('X-Total-Count', String(total))
    .set('X-Exported-Count', String(Math.min(total, MAX_EXPORT_ROWS)))
    // A byte-order mark, so spreadsheet programs read the names as UTF-8.
    .send(`\uFEFF${lines.join('\r\n')}\r\n`);
}
