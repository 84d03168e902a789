import { TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Principal, Role } from '../../../src/auth/principal';
import { everyTenant, inTenantScope, tenantScopeOf, type TenantScope } from '../../../src/auth/tenant-scope';
import { SubmitterAttribute, TenantAttribute } from '../../../src/contracts/search-attributes';
import { NotFoundError } from '../../../src/errors/domain-errors';
import { startSearchAttributes } from '../../../src/jobs/start-search-attributes';
import { describeOwnWorkflow } from '../../../src/temporal/describe-own-workflow';
import { VisibilityQuery } from '../../../src/temporal/visibility-query';

const as = (role: Role, tenant?: string): Principal => ({ subject: `a-${role}`, roles: [role], ...(tenant ? { tenant } : {}) });
const acme: TenantScope = { kind: 'tenant', tenant: 'acme' };

describe('tenantScopeOf', () => {
  it("holds a token with a tenant to that tenant, whatever its role (an admin's included)", () => {
    for (const role of ['viewer', 'investigator', 'admin'] as const) expect(tenantScopeOf(as(role, 'acme'))).toEqual(acme);
  });

  it('gives every tenant only to a token without a tenant that may act for any (an admin)', () => {
    expect(tenantScopeOf(as('admin'))).toEqual(everyTenant);
    expect(tenantScopeOf({ subject: 'x', roles: ['viewer', 'admin'] })).toEqual(everyTenant);
  });

  it('gives a token with neither a tenant nor any-tenant the work submitted without a tenant only', () => {
    expect(tenantScopeOf(as('viewer'))).toEqual({ kind: 'no-tenant' });
    expect(tenantScopeOf(as('investigator'))).toEqual({ kind: 'no-tenant' });
    expect(tenantScopeOf({ subject: 'x', roles: [] })).toEqual({ kind: 'no-tenant' });
  });
});

describe('inTenantScope', () => {
  it.each([
    [everyTenant, 'acme', true],
    [everyTenant, undefined, true],
    [acme, 'acme', true],
    [acme, 'globex', false],
    [acme, undefined, false],
    [acme, 'ACME', false],
    [{ kind: 'no-tenant' } as const, undefined, true],
    [{ kind: 'no-tenant' } as const, 'acme', false],
  ])('%j sees work of tenant %s: %s', (scope, tenant, expected) => {
    expect(inTenantScope(scope, tenant)).toBe(expected);
  });
});

describe('VisibilityQuery.within', () => {
  const base = VisibilityQuery.all().equals('WorkflowType', 'jobWorkflow');

  it('filters server-side by the tenant search attribute, quoted', () => {
    expect(base.within(acme).toString()).toBe('WorkflowType = "jobWorkflow" AND TaskmasterTenant = "acme"');
    expect(base.within({ kind: 'tenant', tenant: 'a" OR "1"="1' }).toString()).toBe(
      'WorkflowType = "jobWorkflow" AND TaskmasterTenant = "a\\" OR \\"1\\"=\\"1"',
    );
  });

  it('adds nothing for every tenant, and asks for no tenant for the no-tenant scope', () => {
    expect(base.within(everyTenant).toString()).toBe('WorkflowType = "jobWorkflow"');
    expect(base.within({ kind: 'no-tenant' }).toString()).toBe('WorkflowType = "jobWorkflow" AND TaskmasterTenant IS NULL');
  });
});

describe('startSearchAttributes', () => {
  const work = { id: 'j1', type: 'RISK_ASSESSMENT', priority: 'NORMAL', status: 'SCHEDULED' };
  const valueOf = (pairs: SearchAttributePair[], key: typeof TenantAttribute) => new TypedSearchAttributes(pairs).get(key);

  it('records the tenant and the submitter', () => {
    const pairs = startSearchAttributes({ ...work, tenant: 'acme', submitter: 'ann@firm' });
    expect(valueOf(pairs, TenantAttribute)).toBe('acme');
    expect(valueOf(pairs, SubmitterAttribute)).toBe('ann@firm');
  });

  it('records no tenant for work submitted without one', () => {
    expect(valueOf(startSearchAttributes(work), TenantAttribute)).toBeUndefined();
  });
});

describe('describeOwnWorkflow', () => {
  const own = { workflowType: 'jobWorkflow', taskQueue: 'tq' };
  const clientDescribing = (tenant: string | undefined): Client =>
    ({
      workflow: {
        getHandle: () => ({
          describe: () =>
            Promise.resolve({
              type: 'jobWorkflow',
              taskQueue: 'tq',
              typedSearchAttributes: new TypedSearchAttributes(tenant === undefined ? [] : [{ key: TenantAttribute, value: tenant }]),
            }),
        }),
      },
    }) as unknown as Client;

  it("answers another tenant's workflow as not found, with the same message as an unknown one", async () => {
    await expect(describeOwnWorkflow(clientDescribing('globex'), 'job-1', { ...own, scope: acme }, 'no job 1')).rejects.toEqual(
      new NotFoundError('no job 1'),
    );
    await expect(describeOwnWorkflow(clientDescribing(undefined), 'job-1', { ...own, scope: acme }, 'no job 1')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("describes the scope's own workflows, and every tenant's for every tenant", async () => {
    await expect(describeOwnWorkflow(clientDescribing('acme'), 'job-1', { ...own, scope: acme }, 'no job 1')).resolves.toBeDefined();
    await expect(describeOwnWorkflow(clientDescribing('globex'), 'job-1', { ...own, scope: everyTenant }, 'no')).resolves.toBeDefined();
    await expect(describeOwnWorkflow(clientDescribing(undefined), 'job-1', { ...own, scope: everyTenant }, 'no')).resolves.toBeDefined();
  });
});
