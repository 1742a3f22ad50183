// `sts version`: kubectl's shape; the server is the simulated one, at the Kubernetes version sts follows.
import { CliError } from '../api/errors.js';
import { printJson, printYaml } from '../print/printers.js';
import { out } from './output.js';

const info = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.0-sts.0.1.0',
  gitCommit: '',
  gitTreeState: 'clean',
  buildDate: '',
  goVersion: '',
  compiler: 'sts',
  platform: `${process.platform}/${process.arch}`,
};

import type { Verb } from './verb.js';

/** What `sts serve` answers on /version: the simulated server. */
export const SERVER_VERSION = info;

export const versionVerb: Verb = { honours: ['client', 'output'], run: ({ opts }) => version({ output: opts.output, client: opts.client }) };

export async function version(o: { output?: string; client?: boolean }): Promise<void> {
  const data = { clientVersion: info, ...(o.client ? {} : { serverVersion: info }) };
  if (o.output === 'json') return out(printJson([data as never], true));
  if (o.output === 'yaml') return out(await printYaml([data as never], true));
  if (o.output !== undefined) throw new CliError(`error: --output must be 'yaml' or 'json'`);
  out(`Client Version: ${info.gitVersion}${o.client ? '' : `\nServer Version: ${info.gitVersion}`}`);
}
