import { newJobId, requestFingerprint } from '../../../src/jobs/request-fingerprint';

describe('requestFingerprint', () => {
  it('ignores key order and undefined fields', () => {
    expect(requestFingerprint({ a: 1, b: { c: [1, 2], d: 'x' }, e: undefined })).toBe(
      requestFingerprint({ b: { d: 'x', c: [1, 2] }, a: 1 }),
    );
  });

  it('tells different requests apart', () => {
    expect(requestFingerprint({ a: [1, 2] })).not.toBe(requestFingerprint({ a: [2, 1] }));
  });
});

describe('newJobId', () => {
  it('derives the same id from the same idempotency key, and distinct ids otherwise', () => {
    expect(newJobId('invoice-42')).toBe(newJobId('invoice-42'));
    expect(newJobId('invoice-42')).not.toBe(newJobId('invoice-43'));
    expect(newJobId()).not.toBe(newJobId());
    expect(newJobId('invoice-42')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('newJobId per tenant', () => {
  it('keeps a key per tenant: the same key of two tenants names two jobs, and no key crafted without one hits a tenant', () => {
    expect(newJobId('invoice-42', 'acme')).toBe(newJobId('invoice-42', 'acme'));
    expect(newJobId('invoice-42', 'acme')).not.toBe(newJobId('invoice-42', 'globex'));
    expect(newJobId('invoice-42', 'acme')).not.toBe(newJobId('invoice-42'));
    expect(newJobId('tenant:["acme","invoice-42"]')).not.toBe(newJobId('invoice-42', 'acme'));
  });
});
