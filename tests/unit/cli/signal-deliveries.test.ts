import { SignalDeliveries } from '../../../src/cli/signal-deliveries';

describe('SignalDeliveries', () => {
  it('counts a Ctrl-C that npm forwards (two signals a few ms apart) as one request', () => {
    const deliveries = new SignalDeliveries(1_000);
    expect(deliveries.receive(10_000)).toEqual({ request: 1, fresh: true });
    expect(deliveries.receive(10_004)).toEqual({ request: 1, fresh: false });
  });

  it('counts requests further apart than the burst as new ones: the second asks again, the third forces', () => {
    const deliveries = new SignalDeliveries(1_000);
    deliveries.receive(0);
    deliveries.receive(3);
    expect(deliveries.receive(2_000)).toEqual({ request: 2, fresh: true });
    expect(deliveries.receive(2_002)).toEqual({ request: 2, fresh: false });
    expect(deliveries.receive(4_500)).toEqual({ request: 3, fresh: true });
  });

  it('measures the burst from the first signal of a request, so Ctrl-C pressed again and again does force', () => {
    const deliveries = new SignalDeliveries(1_000);
    const requests = [0, 500, 1_000, 1_500, 2_000, 2_500, 3_000, 3_500].map((at) => deliveries.receive(at).request);
    expect(requests).toEqual([1, 1, 1, 2, 2, 2, 3, 3]);
  });
});
