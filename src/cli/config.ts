// `sts config …`: the kubeconfig kept in the cluster file, as kubectl's config commands show and
// change it (kubectl/pkg/cmd/config: create_context.go, current_context.go, use_context.go,
// get_contexts.go, view.go). The current context's namespace is where every other command works.
import { CliError } from '../api/errors.js';
import { goJsonEscape, goQuote } from '../api/go-json.js';
import { printJsonPath, templateOf } from './templates.js';
import { contextsList, kubeconfigView } from '../print/kubeconfig.js';
import { PRINT_FLAGS_OUTPUTS } from '../print/printer.js';
import { printYaml, sortKeys } from '../print/printers.js';
import { setContext, useContext, type ContextChange } from '../store/kubeconfig.js';
import { withCluster } from './context.js';
import { checkOutput } from './get.js';
import { io, out } from './output.js';
import type { Invocation, Verb } from './verb.js';

/** kubectl's helpErrorf: the command's help on stdout, then the error. */
async function unexpectedArgs(inv: Invocation, verb: Verb): Promise<never> {
  const [{ helpText }, { flagsFor }] = await Promise.all([import('./help.js'), import('./dispatch.js')]);
  out(helpText(inv.path, verb, flagsFor(inv.path, verb)));
  throw new CliError(`error: Unexpected args: [${inv.args.join(' ')}]`);
}

export const setContextVerb: Verb = {
  honours: ['cluster', 'current', 'namespace', 'user'],
  async run(inv) {
    const { args, opts, changed } = inv;
    if (args.length > 1) await unexpectedArgs(inv, setContextVerb);
    // read before withCluster, which fills opts.namespace in from the context
    const given = (name: string): string | undefined => (changed.has(name) ? String(opts[name] ?? '') : undefined);
    const change: ContextChange = { cluster: given('cluster'), user: given('user'), namespace: given('namespace') };
    const { name, created } = await withCluster(opts, (c) => {
      c.changed = true;
      return setContext(c.file.kubeconfig, args[0], !!opts.current, change);
    });
    out(`Context ${goQuote(name)} ${created ? 'created' : 'modified'}.`);
  },
};

export const currentContextVerb: Verb = {
  async run({ opts }) {
    const name = await withCluster(opts, (c) => c.file.kubeconfig.currentContext);
    if (!name) throw new CliError('error: current-context is not set');
    out(name);
  },
};

export const useContextVerb: Verb = {
  async run(inv) {
    if (inv.args.length !== 1) await unexpectedArgs(inv, useContextVerb);
    const name = inv.args[0];
    await withCluster(inv.opts, (c) => {
      useContext(c.file.kubeconfig, name);
      c.changed = true;
    });
    out(`Switched to context ${goQuote(name)}.`);
  },
};

export const getContextsVerb: Verb = {
  honours: ['no-headers', 'output'],
  async run({ args, opts }) {
    const output: string | undefined = opts.output;
    if (output !== undefined && output !== 'name')
      throw new CliError(`error: --output ${output} is not available in sts config get-contexts; resetting to default output format`);
    const { text, errors } = await withCluster(opts, (c) =>
      contextsList(c.file.kubeconfig, args, { names: output === 'name', noHeaders: opts.noHeaders }),
    );
    if (text) io().stdout.write(text);
    // utilerrors.Aggregate as CheckErr prints it: one error with the prefix, several without
    if (errors.length) throw new CliError(errors.length === 1 ? `error: ${errors[0]}` : errors.join('\n'));
  },
};

export const viewVerb: Verb = {
  honours: ['flatten', 'minify', 'output', 'raw'],
  ignores: ['allow-missing-template-keys', 'merge', 'show-managed-fields'],
  async run({ opts }) {
    const output: string = opts.output ?? 'yaml';
    checkOutput(output, PRINT_FLAGS_OUTPUTS); // config view's PrintFlags; sts has no Go templates there
    const format = output.split('=')[0];
    if (format === 'jsonpath-as-json') throw new CliError('error: sts does not support -o jsonpath-as-json; use -o jsonpath=… or -o json');
    // --flatten embeds what files the kubeconfig names, which shows the data (view.go skips ShortenConfig)
    const view = await withCluster(opts, (c) => kubeconfigView(c.file.kubeconfig, { minify: opts.minify, raw: opts.raw || opts.flatten }));
    switch (format) {
      case 'json':
        return out(goJsonEscape(JSON.stringify(view, null, 4))); // fields already in v1.Config's order
      case 'yaml':
        return out(await printYaml([view], true));
      case 'name':
        return out('config/<unknown>'); // the NamePrinter on an object without metadata
      default:
        io().stdout.write(await printJsonPath(templateOf(output), sortKeys(view)));
    }
  },
};
