/**
 * What each role may do: one table. Routes name the permission they need in src/http/route-permissions.ts; the
 * codec server (/codec) uses decode-payloads.
 */
import type { Principal, Role } from './principal';

export const permissions = [
  /** Read jobs, investigations, queues, SLA, templates and system status. */
  'read',
  /** Submit jobs and start investigations. */
  'submit',
  'cancel',
  /** Read an evidence item's bytes (GET /v1/evidence/:sha256): each read is a custody entry. */
  'read-evidence',
  /** Export a case as a signed bundle (GET /v1/cases/:caseId/export): its findings, histories and evidence. */
  'export-case',
  /** Rerun one job or investigation. */
  'replay',
  /** Bulk replay (/v1/replays) and its progress. */
  'bulk-replay',
  /** Decode payloads for the Web UI (the codec server). */
  'decode-payloads',
  /** Submit for any tenant (a token without a tenant claim only). */
  'any-tenant',
  /** Read the audit trail (GET /v1/audit). */
  'audit',
  /** Pause and resume the system or one agent's queue (/v1/system/pause, /v1/queues/:agent/pause, and resume). */
  'pause',
] as const;
export type Permission = (typeof permissions)[number];

const viewer: readonly Permission[] = ['read', 'decode-payloads'];
const investigator: readonly Permission[] = [...viewer, 'submit', 'cancel', 'replay', 'read-evidence', 'export-case'];
const admin: readonly Permission[] = [...investigator, 'bulk-replay', 'any-tenant', 'audit', 'pause'];

export const rolePermissions: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(viewer),
  investigator: new Set(investigator),
  admin: new Set(admin),
};

export function can(principal: Principal, permission: Permission): boolean {
  return principal.roles.some((role) => rolePermissions[role].has(permission));
}
