import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from './run-command';

/**
 * The cluster's PKI, made with openssl: a CA, the frontend's server certificate (its address as SAN), a certificate
 * for the Temporal services to present to each other and to the frontend, and a client certificate for Taskmaster.
 * The frontend requires a client certificate signed by this CA (mTLS).
 */
export interface ClusterCertificates {
  readonly caCert: string;
  readonly frontendCert: string;
  readonly frontendKey: string;
  readonly internodeCert: string;
  readonly internodeKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** A certificate from another CA, which the frontend must refuse (for tests). */
  readonly strangerCert: string;
  readonly strangerKey: string;
  /** The name the frontend's certificate carries, for `connection.tls.serverNameOverride`. */
  readonly frontendServerName: string;
}

export const frontendServerName = 'temporal-frontend.taskmaster.local';

export async function createCertificates(dir: string, frontendAddress: string): Promise<ClusterCertificates> {
  const file = (name: string): string => path.join(dir, name);
  const certificates: ClusterCertificates = {
    caCert: file('ca.pem'),
    frontendCert: file('frontend.pem'),
    frontendKey: file('frontend.key'),
    internodeCert: file('internode.pem'),
    internodeKey: file('internode.key'),
    clientCert: file('taskmaster-client.pem'),
    clientKey: file('taskmaster-client.key'),
    strangerCert: file('stranger.pem'),
    strangerKey: file('stranger.key'),
    frontendServerName,
  };
  if (await exists(certificates.strangerCert)) return certificates;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await selfSigned(file('ca.key'), certificates.caCert, 'Taskmaster local cluster CA');
  await signed(certificates, file('ca.key'), 'frontend', frontendServerName, [
    `DNS:${frontendServerName}`,
    `IP:${frontendAddress}`,
    'IP:127.0.0.1',
  ]);
  await signed(certificates, file('ca.key'), 'internode', frontendServerName, [`DNS:${frontendServerName}`, `IP:${frontendAddress}`]);
  await signed(certificates, file('ca.key'), 'taskmaster-client', 'taskmaster', ['DNS:taskmaster']);
  await selfSigned(file('stranger-ca.key'), file('stranger-ca.pem'), 'Someone else');
  await signedBy(file('stranger-ca.key'), file('stranger-ca.pem'), certificates.strangerKey, certificates.strangerCert, 'stranger', [
    'DNS:stranger',
  ]);
  return certificates;
}

async function selfSigned(keyFile: string, certFile: string, subject: string): Promise<void> {
  await runCommand(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '825'].concat([
      '-subj',
      `/CN=${subject}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    ]),
  );
}

async function signed(certificates: ClusterCertificates, caKey: string, name: string, commonName: string, sans: string[]): Promise<void> {
  const dir = path.dirname(certificates.caCert);
  await signedBy(caKey, certificates.caCert, path.join(dir, `${name}.key`), path.join(dir, `${name}.pem`), commonName, sans);
}

async function signedBy(
  caKey: string,
  caCert: string,
  keyFile: string,
  certFile: string,
  commonName: string,
  sans: string[],
): Promise<void> {
  const request = `${certFile}.csr`;
  const extensions = `${certFile}.ext`;
  await runCommand(
    'openssl',
    ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-subj',
      `/CN=${commonName}`,
      '-keyout',
      keyFile,
      '-out',
      request,
    ]),
  );
  await writeFile(extensions, `subjectAltName=${sans.join(',')}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  await runCommand(
    'openssl',
    ['x509', '-req', '-in', request, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-days', '825'].concat([
      '-out',
      certFile,
      '-extfile',
      extensions,
    ]),
  );
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
