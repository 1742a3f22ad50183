// `sts cluster-info`: where the (simulated) control plane and the cluster services are reached.
import { CliError } from '../api/errors.js';
import { resolveResource } from '../api/kinds.js';
import { clusterInfoText } from '../print/cluster-info.js';
import { serverOf } from '../store/kubeconfig.js';
import { withCluster } from './context.js';
import { io } from './output.js';
import { useColor } from './get.js';
import { listObjects, parseLabelSelector } from './resources.js';
import type { Verb } from './verb.js';

export const clusterInfoVerb: Verb = {
  async run({ opts }) {
    // only -n counts here, not the context's namespace (clusterinfo.go reads the flag itself)
    const ns: string = opts.namespace || 'kube-system';
    const selector = parseLabelSelector('kubernetes.io/cluster-service=true');
    const text = await withCluster(opts, (c) =>
      clusterInfoText(serverOf(c.file.kubeconfig), listObjects(c, resolveResource('services')!, ns, selector), useColor(opts)),
    );
    io().stdout.write(text);
  },
};

export const clusterInfoDumpVerb: Verb = {
  async run() {
    throw new CliError(
      `error: "sts cluster-info dump" is not simulated: see the cluster with 'sts get all -A', 'sts describe', 'sts get events -A' and 'sts logs'`,
    );
  },
};
