/**
 * `npm run deploy:kubernetes [-- --image taskmaster:0.1.0 --namespace taskmaster --temporal-address host:7233
 * --temporal-namespace default --out deploy/kubernetes]`: writes the Kubernetes manifests from temporal.yaml (or
 * TASKMASTER_CONFIG). Rerun it after changing an agent's scaling keys; a unit test fails while the committed files
 * differ from this output with the defaults.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config';
import { defaultClusterSettings, kubernetesManifests, manifestFileText } from '../deploy/kubernetes-manifests';
import { projectRoot } from '../project-root';

function main(): void {
  const { values } = parseArgs({
    options: {
      image: { type: 'string', default: defaultClusterSettings.image },
      namespace: { type: 'string', default: defaultClusterSettings.namespace },
      'temporal-address': { type: 'string', default: defaultClusterSettings.temporalAddress },
      'temporal-namespace': { type: 'string', default: defaultClusterSettings.temporalNamespace },
      out: { type: 'string', default: path.join(projectRoot, 'deploy', 'kubernetes') },
    },
  });
  // The shipped file's values, not this shell's overrides: the manifests set the cluster's own.
  const config = loadConfig(process.env.TASKMASTER_CONFIG ?? path.join(projectRoot, 'temporal.yaml'), {});
  const files = kubernetesManifests(config, {
    image: values.image,
    namespace: values.namespace,
    temporalAddress: values['temporal-address'],
    temporalNamespace: values['temporal-namespace'],
  });
  mkdirSync(values.out, { recursive: true });
  for (const [name, objects] of files) writeFileSync(path.join(values.out, name), manifestFileText(objects));
  process.stdout.write(`wrote ${files.size} files to ${values.out}\n`);
}

main();
