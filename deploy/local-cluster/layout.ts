/**
 * Where each part of the local cluster runs: one network host (a network namespace) per role, on a bridge of the
 * root namespace, so that the facade, the Temporal services, PostgreSQL and each worker host have their own address
 * and a test can cut one off the network. Pure: names and addresses follow from the cluster's id and subnet.
 */
export interface ClusterHost {
  /** The network namespace's name. */
  readonly namespace: string;
  readonly address: string;
  /** The veth end in the root namespace (attached to the bridge) and the one inside the namespace. */
  readonly hostVeth: string;
  readonly innerVeth: string;
}

export interface ClusterLayout {
  readonly id: string;
  readonly bridge: string;
  readonly bridgeAddress: string;
  readonly prefixLength: 24;
  readonly database: ClusterHost;
  readonly temporal: ClusterHost;
  readonly facade: ClusterHost;
  /** Hosts for workers, one per agent group (see workerHostFor). */
  readonly workerHosts: readonly ClusterHost[];
  readonly ports: {
    readonly postgres: number;
    readonly frontend: number;
    readonly frontendHttp: number;
    readonly frontendMembership: number;
    readonly history: number;
    readonly historyMembership: number;
    readonly matching: number;
    readonly matchingMembership: number;
    readonly worker: number;
    readonly workerMembership: number;
    readonly metrics: number;
    readonly ui: number;
  };
}

const idPattern = /^[a-z0-9]{1,6}$/;
const subnetPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * @param id a short name (interface names are at most 15 characters) so that two clusters can coexist.
 * @param subnet the first three octets of a free /24, e.g. "10.213.7".
 */
export function clusterLayout(id: string, subnet: string, workerHostCount = 3): ClusterLayout {
  if (!idPattern.test(id)) throw new Error(`cluster id must be 1 to 6 lower-case letters or digits, got ${JSON.stringify(id)}`);
  const octets = subnetPattern.exec(subnet);
  if (!octets || octets.slice(1).some((octet) => Number(octet) > 255)) {
    throw new Error(`subnet must be three octets such as 10.213.7, got ${JSON.stringify(subnet)}`);
  }
  const host = (role: string, lastOctet: number): ClusterHost => ({
    namespace: `tm-${id}-${role}`,
    address: `${subnet}.${lastOctet}`,
    hostVeth: `tm${id}${role.slice(0, 3)}h`,
    innerVeth: `tm${id}${role.slice(0, 3)}i`,
  });
  return {
    id,
    bridge: `tm${id}br`,
    bridgeAddress: `${subnet}.1`,
    prefixLength: 24,
    database: host('db', 2),
    temporal: host('tmp', 3),
    facade: host('api', 4),
    workerHosts: Array.from({ length: workerHostCount }, (_, index) => host(`w${index + 1}`, 10 + index)),
    ports: {
      postgres: 5432,
      frontend: 7233,
      frontendHttp: 7243,
      frontendMembership: 6933,
      history: 7234,
      historyMembership: 6934,
      matching: 7235,
      matchingMembership: 6935,
      worker: 7239,
      workerMembership: 6939,
      metrics: 9090,
      ui: 8233,
    },
  };
}

export const allHosts = (layout: ClusterLayout): ClusterHost[] => [layout.database, layout.temporal, layout.facade, ...layout.workerHosts];
