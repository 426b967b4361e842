// The audit trail: writing (log.ts) and reading (query.ts).
export { recordAudit, scrubDetails, type AuditEntry } from './log.ts';
export { queryAuditEvents, serializeAuditEvent, type AuditEventView, type AuditQueryInput } from './query.ts';
