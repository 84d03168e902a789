import { can, permissions, rolePermissions, type Permission } from '../../../src/auth/permissions';
import { roles, type Principal, type Role } from '../../../src/auth/principal';
import { submissionTenant } from '../../../src/auth/tenant-rule';
import { ForbiddenError } from '../../../src/errors/domain-errors';
import { permissionFor, routeOf, routePermissions } from '../../../src/http/route-permissions';

const as = (role: Role, tenant?: string): Principal => ({ subject: `a-${role}`, roles: [role], ...(tenant ? { tenant } : {}) });

describe('the role -> permission table', () => {
  it('gives each role exactly its permissions', () => {
    const table = Object.fromEntries(roles.map((role) => [role, permissions.filter((permission) => can(as(role), permission))]));
    expect(table).toEqual({
      viewer: ['read', 'decode-payloads'],
      investigator: ['read', 'submit', 'cancel', 'read-evidence', 'export-case', 'replay', 'decode-payloads'],
      admin: [
        'read',
        'submit',
        'cancel',
        'read-evidence',
        'export-case',
        'replay',
        'bulk-replay',
        'decode-payloads',
        'any-tenant',
        'audit',
        'pause',
      ],
    });
  });

  it('gives a principal without a known role nothing, and one with several roles their union', () => {
    expect(permissions.filter((permission) => can({ subject: 'x', roles: [] }, permission))).toEqual([]);
    expect(can({ subject: 'x', roles: ['viewer', 'investigator'] }, 'submit')).toBe(true);
  });

  it('grants every permission to some role', () => {
    const granted = new Set<Permission>(Object.values(rolePermissions).flatMap((set) => [...set]));
    expect(permissions.filter((permission) => !granted.has(permission))).toEqual([]);
  });
});

/** The reads only an admin may make: bulk replay progress and the audit trail. */
const adminReads: Readonly<Record<string, string>> = { replays: 'bulk-replay', audit: 'audit' };
/** The reads a viewer may not make: an evidence item's bytes (each read is a custody entry). */
const evidenceReads: Readonly<Record<string, string>> = {
  'GET /v1/evidence/:sha256': 'read-evidence',
  'GET /v1/cases/:caseId/export': 'export-case',
};

describe('the route -> permission table', () => {
  it('lets a GET route only read (bulk replay progress and the audit are admin-only), and asks a write of every POST', () => {
    for (const [route, permission] of Object.entries(routePermissions)) {
      const [method = '', routePath = ''] = route.split(' ');
      const resource = routePath.split('/')[2] ?? '';
      if (method === 'GET')
        expect({ route, permission }).toEqual({ route, permission: evidenceReads[route] ?? adminReads[resource] ?? 'read' });
      else expect({ route, permission }).not.toEqual({ route, permission: 'read' });
    }
  });

  it('finds the route of a request with its path parameters (what the audit trail records)', () => {
    expect(routeOf('POST', '/v1/jobs/abc-1/cancel')).toEqual({
      key: 'POST /v1/jobs/:jobId/cancel',
      permission: 'cancel',
      params: { jobId: 'abc-1' },
    });
    expect(routeOf('GET', '/v1/audit')).toMatchObject({ key: 'GET /v1/audit', permission: 'audit' });
    expect(routeOf('POST', '/v1/audit')).toBeUndefined();
  });

  it('matches requests as Express does: parameters, a trailing slash, any case; HEAD as GET; nothing else', () => {
    expect(permissionFor('POST', '/v1/jobs/abc-1/cancel')).toBe('cancel');
    expect(permissionFor('GET', '/v1/jobs/')).toBe('read');
    expect(permissionFor('GET', '/V1/Jobs')).toBe('read');
    expect(permissionFor('HEAD', '/v1/queues/fraud')).toBe('read');
    expect(permissionFor('POST', '/v1/replays')).toBe('bulk-replay');
    expect(permissionFor('DELETE', '/v1/jobs/abc')).toBeUndefined();
    expect(permissionFor('GET', '/v1/jobs/abc/cancel')).toBeUndefined();
    expect(permissionFor('GET', '/v1/nothing')).toBeUndefined();
  });
});

describe('the tenant of a submission', () => {
  const forbidden = (principal: Principal, requested: string | undefined): string => {
    try {
      return `allowed: ${submissionTenant(principal, requested) ?? 'none'}`;
    } catch (error) {
      expect(error).toBeInstanceOf(ForbiddenError);
      return (error as ForbiddenError).code;
    }
  };

  it("must be the token's; a body without one takes the token's", () => {
    expect(forbidden(as('investigator', 'acme'), 'acme')).toBe('allowed: acme');
    expect(forbidden(as('investigator', 'acme'), undefined)).toBe('allowed: acme');
    expect(forbidden(as('investigator', 'acme'), 'globex')).toBe('TENANT_FORBIDDEN');
    expect(forbidden(as('admin', 'acme'), 'globex')).toBe('TENANT_FORBIDDEN');
  });

  it("is anyone's for an admin token without a tenant, and no one's for another token without one", () => {
    expect(forbidden(as('admin'), 'globex')).toBe('allowed: globex');
    expect(forbidden(as('admin'), undefined)).toBe('allowed: none');
    expect(forbidden(as('investigator'), 'globex')).toBe('TENANT_FORBIDDEN');
    expect(forbidden(as('investigator'), undefined)).toBe('allowed: none');
  });
});
