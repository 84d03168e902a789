import { allHosts, type ClusterHost, type ClusterLayout } from './layout';
import { commandSucceeds, runCommand } from './run-command';

/**
 * The cluster's hosts: a bridge in the root namespace (which keeps the bridge's address, so that `npm start` on this
 * machine reaches the cluster) and one network namespace per host, linked to it by a veth pair.
 */
export async function createNetwork(layout: ClusterLayout): Promise<void> {
  if (!(await commandSucceeds('ip', ['link', 'show', layout.bridge]))) {
    await runCommand('ip', ['link', 'add', layout.bridge, 'type', 'bridge']);
    await runCommand('ip', ['addr', 'add', `${layout.bridgeAddress}/${layout.prefixLength}`, 'dev', layout.bridge]);
  }
  await runCommand('ip', ['link', 'set', layout.bridge, 'up']);
  for (const host of allHosts(layout)) await createHost(layout, host);
}

async function createHost(layout: ClusterLayout, host: ClusterHost): Promise<void> {
  if (!(await commandSucceeds('ip', ['netns', 'exec', host.namespace, 'true']))) {
    await runCommand('ip', ['netns', 'add', host.namespace]);
  }
  if (!(await commandSucceeds('ip', ['link', 'show', host.hostVeth]))) {
    await runCommand('ip', ['link', 'add', host.hostVeth, 'type', 'veth', 'peer', 'name', host.innerVeth]);
    await runCommand('ip', ['link', 'set', host.innerVeth, 'netns', host.namespace]);
    await runCommand('ip', ['link', 'set', host.hostVeth, 'master', layout.bridge]);
    await runCommand('ip', [
      'netns',
      'exec',
      host.namespace,
      'ip',
      'addr',
      'add',
      `${host.address}/${layout.prefixLength}`,
      'dev',
      host.innerVeth,
    ]);
  }
  await runCommand('ip', ['link', 'set', host.hostVeth, 'up']);
  await runCommand('ip', ['netns', 'exec', host.namespace, 'ip', 'link', 'set', host.innerVeth, 'up']);
  await runCommand('ip', ['netns', 'exec', host.namespace, 'ip', 'link', 'set', 'lo', 'up']);
  // The root namespace as the default route: a host reaches the bridge's address (the machine) like any other.
  await commandSucceeds('ip', ['netns', 'exec', host.namespace, 'ip', 'route', 'add', 'default', 'via', layout.bridgeAddress]);
}

/** Cuts a host off the network, as a pulled cable does: its processes live on, nothing reaches them or leaves. */
export async function disconnectHost(host: ClusterHost): Promise<void> {
  await runCommand('ip', ['link', 'set', host.hostVeth, 'down']);
}

export async function reconnectHost(host: ClusterHost): Promise<void> {
  await runCommand('ip', ['link', 'set', host.hostVeth, 'up']);
}

/** Removes the namespaces (which removes their veth ends) and the bridge; what is already gone is skipped. */
export async function deleteNetwork(layout: ClusterLayout): Promise<void> {
  for (const host of allHosts(layout)) {
    await commandSucceeds('ip', ['link', 'delete', host.hostVeth]);
    await commandSucceeds('ip', ['netns', 'delete', host.namespace]);
  }
  await commandSucceeds('ip', ['link', 'delete', layout.bridge]);
}

export async function networkExists(layout: ClusterLayout): Promise<boolean> {
  return commandSucceeds('ip', ['link', 'show', layout.bridge]);
}
