/**
 * Money arithmetic in integer cents: summing or comparing floating-point amounts directly drifts (0.1 + 0.2), and
 * a reconciliation that is off by 0.0000001 is not a reconciliation.
 */

/** Rounds half away from zero, so -1.005 and 1.005 become -101 and 101 cents. */
export function toCents(amount: number): number {
  // toFixed first: 1.005 * 100 is 100.49999999999999 in binary floating point, which would round down.
  const cents = Math.round(Number((Math.abs(amount) * 100).toFixed(6)));
  return amount < 0 ? -cents : cents;
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** Rounds an amount to cents (the precision every money field of a result is reported in). */
export function roundMoney(amount: number): number {
  return fromCents(toCents(amount));
}
