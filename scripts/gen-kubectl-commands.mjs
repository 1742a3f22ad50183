#!/usr/bin/env node
// Generates src/cli/kubectl/flags.generated.ts and src/cli/kubectl/help.generated.ts from kubectl v1.33's
// own --help output: the whole command tree, every command's flags (typed) and help texts.
//
//   node scripts/gen-kubectl-commands.mjs            regenerate both files (deterministic, byte-for-byte)
//   node scripts/gen-kubectl-commands.mjs --verify   also probe the binary flag by flag (bad values, bare
//                                                    flags, the hidden ones) and fail on any disagreement
//   KUBECTL=/path/to/kubectl                         use another binary (it must be a v1.33 client)
//
// kubectl is run with a clean environment: KUBECONFIG=/dev/null (help needs no server), a fixed fake HOME,
// an empty PATH (no kubectl-* plugins in the root help) and no KUBECTL_* feature-gate variables (so the
// env-gated flags --kuberc and apply's --applyset stay out, as in a default kubectl), no LANG (English).
// stdout is a pipe, so kubectl does not word-wrap.
//
// The text kubectl prints is Apache-2.0, The Kubernetes Authors.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const KUBECTL = process.env.KUBECTL || '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const FAKE_HOME = '/nonexistent-sts-gen-home';
const ENV = { KUBECONFIG: '/dev/null', HOME: FAKE_HOME, PATH: '' };

// ---------------------------------------------------------------------------------------------------------
// Corrections to what the help text shows, checked against kubectl's Go source at v1.33.1.
// File references are relative to staging/src/k8s.io/ in kubernetes/kubernetes v1.33.1 (the same files as
// k8s.io/kubectl v0.33.1, k8s.io/cli-runtime v0.33.1, k8s.io/component-base v0.33.1); kustomize's are in
// sigs.k8s.io/kustomize/kustomize/v5 v5.6.0 (the version kubectl v1.33 vendors).
//
// How the help text is read before these corrections apply (templates/templater.go getFlagFormat quotes the
// default only when Value.Type() == "string"):
//   `='…'` string; `=true|false` bool; `=[…]` stringSlice; integer int; float float; Go duration
//   (`0s`, `30s`, `1m0s`) duration; `=` with nothing string.
//
// Verified as inferred, so not in the table:
//   -f/--filename stringSlice (kubectl/pkg/cmd/util/helpers.go:469 StringSliceVarP "filename")
//   -L/--label-columns stringSlice (kubectl/pkg/cmd/get/humanreadable_flags.go:113)
//   --from-file, --from-env-file stringSlice (kubectl/pkg/cmd/create/create_configmap.go:136,138,
//     create_secret.go:161,163, create_secret_docker.go:156)
//   --request-timeout='0' string (cli-runtime/pkg/genericclioptions/config_flags.go:408 StringVar)
//   --grace-period int (kubectl/pkg/cmd/delete/delete_flags.go:146 IntVar); logs --tail int
//     (kubectl/pkg/cmd/logs/logs.go:199 Int64Var); scale --replicas int (kubectl/pkg/cmd/scale/scale.go:131)
//   wait --timeout duration '30s' (kubectl/pkg/cmd/wait/wait.go:150 DurationVar)
//   -v/--v int: klog's Level, a go flag wrapped by pflag; Level.Set is strconv.ParseInt(s, 10, 32), so
//     base-10 only (component-base/logs/klogflags/klogflags.go:37, logs/logs.go:47,80)
//   --log-flush-frequency duration 5s (component-base/logs/logs.go:48, logs/api/v1/options.go:47)
//
// Each entry: `cmds` the command paths it applies to ('GLOBAL' = `kubectl options`, '*' = every command
// that has the flag), `flag` the long name, `set` the fields to replace, `src` where the Go source says so.
// `custom: true` marks a pflag.Value whose Set() validates its input, so --verify cannot tell its type from
// error messages. Every entry must match a flag, or the script fails.
const OVERRIDES = [
  // --- StringArray (each occurrence is one value, no comma splitting) though help shows `=[]` ---
  { cmds: ['GLOBAL'], flag: 'as-group', set: { type: 'stringArray' }, src: 'cli-runtime/pkg/genericclioptions/config_flags.go:374 StringArrayVar' },
  {
    cmds: ['apply'],
    flag: 'prune-allowlist',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/util/helpers.go:528 AddPruningFlags StringArrayVar',
  },
  { cmds: ['diff'], flag: 'prune-allowlist', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/diff/diff.go:169 StringArray' },
  {
    cmds: ['create configmap'],
    flag: 'from-literal',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/create/create_configmap.go:137 StringArrayVar',
  },
  {
    cmds: ['create secret generic'],
    flag: 'from-literal',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/create/create_secret.go:162 StringArrayVar',
  },
  {
    cmds: ['create clusterrole'],
    flag: 'resource-name',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/create/create_clusterrole.go:99 StringArrayVar',
  },
  { cmds: ['create role'], flag: 'resource-name', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/create/create_role.go:188 StringArrayVar' },
  {
    cmds: ['create clusterrolebinding'],
    flag: 'user',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/create/create_clusterrolebinding.go:103 StringArrayVar',
  },
  {
    cmds: ['create clusterrolebinding'],
    flag: 'group',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/create/create_clusterrolebinding.go:104 StringArrayVar',
  },
  {
    cmds: ['create clusterrolebinding'],
    flag: 'serviceaccount',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/create/create_clusterrolebinding.go:105 StringArrayVar',
  },
  {
    cmds: ['create rolebinding'],
    flag: 'user',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/create/create_rolebinding.go:109 StringArrayVar',
  },
  {
    cmds: ['create rolebinding'],
    flag: 'group',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/create/create_rolebinding.go:110 StringArrayVar',
  },
  {
    cmds: ['create rolebinding'],
    flag: 'serviceaccount',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/create/create_rolebinding.go:111 StringArrayVar',
  },
  { cmds: ['create ingress'], flag: 'rule', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/create/create_ingress.go:161 StringArrayVar' },
  { cmds: ['create ingress'], flag: 'annotation', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/create/create_ingress.go:163 StringArrayVar' },
  { cmds: ['create token'], flag: 'audience', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/create/create_token.go:143 StringArrayVar' },
  { cmds: ['run'], flag: 'annotations', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/run/run.go:175 StringArray' },
  { cmds: ['run'], flag: 'env', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/run/run.go:180 StringArray' },
  { cmds: ['set env'], flag: 'env', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/set/set_env.go:170 StringArrayVarP' },
  { cmds: ['set subject'], flag: 'user', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/set/set_subject.go:117 StringArrayVar' },
  { cmds: ['set subject'], flag: 'group', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/set/set_subject.go:118 StringArrayVar' },
  { cmds: ['set subject'], flag: 'serviceaccount', set: { type: 'stringArray' }, src: 'kubectl/pkg/cmd/set/set_subject.go:119 StringArrayVar' },
  {
    cmds: ['config set-credentials'],
    flag: 'exec-env',
    set: { type: 'stringArray' },
    src: 'kubectl/pkg/cmd/config/set_credentials.go:193 StringArray',
  },
  {
    cmds: ['kustomize'],
    flag: 'env',
    set: { type: 'stringArray' },
    src: 'kustomize/commands/build/flagsforfunctions.go AddFunctionBasicsFlags StringArrayVarP "env"',
  },
  {
    cmds: ['kustomize'],
    flag: 'mount',
    set: { type: 'stringArray' },
    src: 'kustomize/commands/build/flagsforfunctions.go AddFunctionBasicsFlags StringArrayVar "mount"',
  },
  {
    cmds: ['kustomize'],
    flag: 'helm-api-versions',
    set: { type: 'stringArray' },
    src: 'kustomize/commands/build/flagenablehelm.go AddFlagEnableHelm StringArrayVar',
  },

  // --- Map-valued flags; the closest FlagType is stringSlice (comma-separated, occurrences accumulate) ---
  {
    cmds: ['debug'],
    flag: 'env',
    set: { type: 'stringSlice' },
    custom: true,
    src: 'kubectl/pkg/cmd/debug/debug.go:201 StringToString (k=v pairs, CSV-read)',
  },
  {
    cmds: ['debug'],
    flag: 'set-image',
    set: { type: 'stringSlice' },
    custom: true,
    src: 'kubectl/pkg/cmd/debug/debug.go:209 StringToStringVar (k=v pairs, CSV-read)',
  },
  {
    cmds: ['create clusterrole'],
    flag: 'aggregation-rule',
    set: { type: 'stringSlice' },
    custom: true,
    src: 'kubectl/pkg/cmd/create/create_clusterrole.go:100 cliflag.NewMapStringString (k=v pairs split on ","; prints `=` with nothing)',
  },

  // klog's moduleSpec (a go flag; help prints `--vmodule=:` unquoted as its Type() is not "string"); its
  // Set() rejects anything but `pattern=N,...`.
  {
    cmds: ['GLOBAL'],
    flag: 'vmodule',
    set: { type: 'string' },
    custom: true,
    src: 'component-base/logs/klogflags/klogflags.go:37, logs/logs.go:95-99',
  },

  // --- NoOptDefVal: the value `--flag` alone stands for ---
  {
    cmds: '*',
    flag: 'dry-run',
    set: { noOptDefault: 'unchanged' },
    src: 'kubectl/pkg/cmd/util/helpers.go:489 AddDryRunFlag NoOptDefVal = "unchanged"',
  },
  {
    cmds: '*',
    flag: 'validate',
    set: { noOptDefault: 'strict' },
    src: 'kubectl/pkg/cmd/util/helpers.go:459 AddValidateFlags NoOptDefVal = "strict"',
  },
  { cmds: '*', flag: 'cascade', set: { noOptDefault: 'background' }, src: 'kubectl/pkg/cmd/delete/delete_flags.go:140 NoOptDefVal = "background"' },
  // cliflag.Tristate (Type() "tristate", parsed with strconv.ParseBool, help prints `=true|false`): a bool
  // with NoOptDefVal "true", recorded explicitly.
  {
    cmds: ['config view'],
    flag: 'merge',
    set: { type: 'bool', noOptDefault: 'true' },
    src: 'kubectl/pkg/cmd/config/view.go:95-96 Tristate, NoOptDefVal = "true"',
  },
  {
    cmds: ['config set-cluster'],
    flag: 'insecure-skip-tls-verify',
    set: { type: 'bool', noOptDefault: 'true' },
    src: 'kubectl/pkg/cmd/config/set_cluster.go:90-91 Tristate, NoOptDefVal = "true"',
  },
  {
    cmds: ['config set-cluster'],
    flag: 'embed-certs',
    set: { type: 'bool', noOptDefault: 'true' },
    src: 'kubectl/pkg/cmd/config/set_cluster.go:94-95 Tristate, NoOptDefVal = "true"',
  },
  {
    cmds: ['config set'],
    flag: 'set-raw-bytes',
    set: { type: 'bool', noOptDefault: 'true' },
    src: 'kubectl/pkg/cmd/config/set.go:84-85 Tristate, NoOptDefVal = "true"',
  },
  {
    cmds: ['config set-credentials'],
    flag: 'exec-provide-cluster-info',
    set: { type: 'bool', noOptDefault: 'true' },
    src: 'kubectl/pkg/cmd/config/set_credentials.go:190-191 Tristate, NoOptDefVal = "true"',
  },
  {
    cmds: ['config set-credentials'],
    flag: 'embed-certs',
    set: { type: 'bool', noOptDefault: 'true' },
    src: 'kubectl/pkg/cmd/config/set_credentials.go:194-195 Tristate, NoOptDefVal = "true"',
  },

  // --- Defaults that depend on the machine ---
  {
    cmds: ['GLOBAL'],
    flag: 'cache-dir',
    set: { default: '$HOME/.kube/cache' },
    src: 'cli-runtime/pkg/genericclioptions/config_flags.go:303-308 getDefaultCacheDir: $KUBECACHEDIR, else filepath.Join(homedir.HomeDir(), ".kube", "cache"); help prints the expanded path',
  },
];

// Flags kubectl accepts but --help does not list (pflag MarkDeprecated also sets Hidden). Inserted in
// pflag's sorted position. `cmds` lists exactly the commands that accept them (checked with --verify).
const RECORD_USAGE =
  'Record current kubectl command in the resource annotation. If set to false, do not record the command. If set to true, record the command. If not set, default to updating the existing annotation value only if one already exists.';
const ADDED = [
  {
    // RecordFlags.AddFlags is a no-op when RecordFlags is nil, as in replace (replace.go:129 with no
    // NewRecordFlags()), so replace does not get --record.
    cmds: [
      'annotate',
      'apply',
      'apply edit-last-applied',
      'autoscale',
      'create',
      'edit',
      'expose',
      'label',
      'patch',
      'run',
      'scale',
      'set image',
      'set resources',
      'set selector',
      'set serviceaccount',
    ],
    flag: { name: 'record', type: 'bool', default: 'false', usage: RECORD_USAGE, deprecated: '--record will be removed in the future', hidden: true },
    src: 'cli-runtime/pkg/genericclioptions/record_flags.go:95-96 BoolVar "record" + MarkDeprecated; commands that set RecordFlags: NewRecordFlags(): annotate.go:76, apply.go:186, util/editor/editoptions.go:96 (edit, apply edit-last-applied), autoscale.go:98, create.go:93, expose.go:164, label.go:125, patch.go:111, run.go:139, scale.go:98, set/set_image.go:105, set_resources.go:100, set_selector.go:89, set_serviceaccount.go:87',
  },
  {
    cmds: ['kustomize'],
    flag: {
      name: 'enable-managedby-label',
      type: 'bool',
      default: 'false',
      usage: 'enable adding app.kubernetes.io/managed-by',
      deprecated: 'The flag `enable-managedby-label` has been deprecated. Use the `managedByLabel` option in the `buildMetadata` field instead.',
      hidden: true,
    },
    src: 'kustomize/commands/build/flagaddmanagedby.go BoolVar; build.go NewCmdBuild MarkDeprecated(managedByFlag, …); konfig.ManagedbyLabelKey = "app.kubernetes.io/managed-by" (api/konfig/general.go:42)',
  },
  {
    cmds: ['kustomize'],
    flag: {
      name: 'reorder',
      type: 'string',
      default: 'legacy',
      usage:
        "Reorder the resources just before output. Use 'legacy' to apply a legacy reordering (Namespaces first, Webhooks last, etc). Use 'none' to suppress a final reordering.",
      deprecated: "use the new 'sortOptions' field in kustomization.yaml instead.",
      hidden: true,
    },
    src: 'kustomize/commands/build/reorderoutput.go AddFlagReorderOutput StringVar; build.go NewCmdBuild MarkDeprecated(flagReorderOutputName, …)',
  },
];

// Commands that exist but are not listed in any `Available Commands:` (cmd.go:465 filters "options"; cobra
// adds "help"). `options --help` prints nothing (templates.go OptionsHelpTemplate is ""), so its texts
// come from the source; `help` prints its long and usage, but its short is cobra's.
const EXTRA_COMMANDS = {
  options: {
    short: 'Print the list of flags inherited by all commands', // kubectl/pkg/cmd/options/options.go:37
    help: {
      long: 'Print the list of flags inherited by all commands', // options.go:38
      examples: '  # Print flags inherited by all commands\n  kubectl options', // options.go:29-31 through templates.Examples
      usage: 'kubectl options [flags] [options]', // cobra UseLine + templater.go:222 usageLine, as for `version`
    },
  },
  help: { short: 'Help about any command' }, // cobra command.go InitDefaultHelpCmd
};
// The root's Short is never printed by `kubectl --help` (its Long is): kubectl/pkg/cmd/cmd.go:317.
const ROOT_SHORT = 'kubectl controls the Kubernetes cluster manager';

// ---------------------------------------------------------------------------------------------------------

function kubectl(args) {
  const r = spawnSync(KUBECTL, args, { env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function helpOf(path) {
  const r = kubectl([...path, '--help']);
  if (r.code !== 0 || r.err) throw new Error(`kubectl ${path.join(' ')} --help: exit ${r.code}: ${r.err}`);
  return r.out;
}

const HEADERS = ['Aliases:', 'Examples:', 'Available Commands:', 'Options:', 'Usage:'];

/** Split one command's help (templates.go MainHelpTemplate + MainUsageTemplate) into its sections. */
function parseHelp(text, what) {
  const lines = text.replace(/\n+$/, '').split('\n');
  // A section header is a known header line after a blank line; they come in HEADERS order.
  const found = [];
  for (let i = 1; i < lines.length; i++) {
    const h = HEADERS.indexOf(lines[i]);
    if (h < 0 || lines[i - 1] !== '') continue;
    if (found.length && h <= HEADERS.indexOf(found[found.length - 1].name)) throw new Error(`${what}: header ${lines[i]} out of order`);
    found.push({ name: lines[i], at: i });
  }
  // The tips after the last section: `Use "… <command> --help" …` / `Use "kubectl options" …`.
  let end = lines.length;
  while (end > 0 && lines[end - 1].startsWith('Use "')) end--;
  if (end === lines.length || lines[end - 1] !== '') throw new Error(`${what}: no trailer`);
  end--; // the blank line before the tips
  const longEnd = found.length ? found[0].at - 1 : end;
  const sections = { long: lines.slice(0, longEnd).join('\n') };
  found.forEach((s, k) => {
    const stop = k + 1 < found.length ? found[k + 1].at - 1 : end;
    if (lines[stop] !== '' && stop !== end) throw new Error(`${what}: no blank line before ${found[k + 1].name}`);
    sections[s.name] = lines.slice(s.at + 1, stop);
  });
  return sections;
}

const FLAG_LINE = /^    (?:-(.), )?--([A-Za-z0-9][\w.-]*)=(.*):$/;

/** The `Options:` section (templates/help_flags_printer.go): `    -o, --output='':` then `\t<usage>`. */
function parseOptions(lines, what) {
  const flags = [];
  let i = 0;
  while (i < lines.length) {
    const m = FLAG_LINE.exec(lines[i]);
    if (!m) throw new Error(`${what}: not a flag line: ${JSON.stringify(lines[i])}`);
    const usage = [];
    for (i++; i < lines.length && lines[i].startsWith('\t'); i++) usage.push(lines[i].slice(1));
    if (i < lines.length) {
      if (lines[i] !== '') throw new Error(`${what}: unexpected line after --${m[2]}: ${JSON.stringify(lines[i])}`);
      i++;
    }
    const [, shorthand, name, raw] = m;
    if (name === 'help') continue;
    const f = { name };
    if (shorthand) f.shorthand = shorthand;
    Object.assign(f, inferType(raw, `${what} --${name}`));
    f.usage = usage.join(' '); // one line already: kubectl word-wraps only on a terminal
    flags.push(f);
  }
  return flags;
}

function inferType(raw, what) {
  if (/^'.*'$/s.test(raw)) return { type: 'string', default: raw.slice(1, -1) };
  if (raw === 'true' || raw === 'false') return { type: 'bool', default: raw };
  if (/^\[.*\]$/.test(raw)) return { type: 'stringSlice', default: raw };
  if (/^-?\d+$/.test(raw)) return { type: 'int', default: raw };
  if (/^-?(\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+$/.test(raw)) return { type: 'duration', default: raw };
  if (/^-?\d*\.\d+(e-?\d+)?$|^-?\d+e-?\d+$/.test(raw)) return { type: 'float', default: raw };
  if (raw === '') return { type: 'string', default: '' };
  throw new Error(`${what}: cannot infer a type from default ${JSON.stringify(raw)}`);
}

/** `  name   short` lines of `Available Commands:` or of the root's command groups. */
function parseCommandList(lines) {
  const out = [];
  for (const l of lines) {
    const m = /^  ([a-z][\w-]*) {2,}(\S.*)$/.exec(l);
    if (m) out.push({ name: m[1], short: m[2] });
  }
  return out;
}

/** kubectl → sts as a word; not in URLs, not in `kubectl.kubernetes.io/…` keys, not in `kubectl-…` names. */
function toSts(text) {
  return text.replace(/\bkubectl\b(?!-|\.kubernetes\.io)/g, (w, at, s) => {
    const start = s.lastIndexOf(' ', at) + 1;
    const token = s.slice(start, at);
    return /:\/\//.test(token) ? w : 'sts';
  });
}

// ---------------------------------------------------------------------------------------------------------

function generate() {
  const version = kubectl(['version', '--client']).out;
  if (!/^Client Version: v1\.33\./m.test(version)) throw new Error(`${KUBECTL} is not a kubectl v1.33 client:\n${version}`);

  const help = {}; // path → CommandHelp
  const flags = {}; // path → FlagDef[]

  // The root: its groups ("Basic Commands (Beginner):" …) stay in `long`.
  const rootText = helpOf([]);
  const root = parseHelp(rootText, 'kubectl');
  if (root['Options:'] || root['Examples:']) throw new Error('kubectl --help: unexpected sections');
  const rootCmds = parseCommandList(root.long.split('\n'));
  help[''] = {
    short: ROOT_SHORT,
    long: toSts(root.long),
    examples: '',
    usage: toSts(root['Usage:'].map((l) => l.replace(/^  /, '')).join('\n')),
    subcommands: rootCmds.map((c) => c.name),
  };

  const walk = (path, short) => {
    const key = path.join(' ');
    const s = parseHelp(helpOf(path), `kubectl ${key}`);
    const h = {
      short,
      long: toSts(s.long),
      examples: toSts((s['Examples:'] ?? []).join('\n')),
      usage: toSts((s['Usage:'] ?? []).map((l) => l.replace(/^  /, '')).join('\n')),
    };
    if (s['Aliases:']) {
      const names = s['Aliases:'].join(' ').split(/,\s*/);
      if (names[0] !== path[path.length - 1]) throw new Error(`kubectl ${key}: aliases ${names}`);
      h.aliases = names.slice(1);
    }
    const subs = s['Available Commands:'] ? parseCommandList(s['Available Commands:']) : [];
    if (subs.length) h.subcommands = subs.map((c) => c.name);
    help[key] = h;
    flags[key] = s['Options:'] ? parseOptions(s['Options:'], `kubectl ${key}`) : [];
    for (const c of subs) walk([...path, c.name], c.short);
  };
  for (const c of rootCmds) walk([c.name], c.short);

  // Commands not listed anywhere.
  for (const [name, extra] of Object.entries(EXTRA_COMMANDS)) {
    if (help[name]) throw new Error(`${name} is listed after all`);
    let h;
    if (extra.help) h = { short: extra.short, long: toSts(extra.help.long), examples: toSts(extra.help.examples), usage: toSts(extra.help.usage) };
    else {
      const s = parseHelp(helpOf([name]), `kubectl ${name}`);
      if (s['Options:'] || s['Available Commands:']) throw new Error(`kubectl ${name}: unexpected sections`);
      h = {
        short: extra.short,
        long: toSts(s.long),
        examples: toSts((s['Examples:'] ?? []).join('\n')),
        usage: toSts((s['Usage:'] ?? []).map((l) => l.replace(/^  /, '')).join('\n')),
      };
    }
    help[name] = h;
    flags[name] = [];
  }

  // Global flags: `kubectl options` (templates.go OptionsUsageTemplate).
  const opt = kubectl(['options']);
  const optLines = opt.out.replace(/\n+$/, '').split('\n');
  if (optLines[0] !== 'The following options can be passed to any command:' || optLines[1] !== '')
    throw new Error('kubectl options: unexpected output');
  const globals = parseOptions(optLines.slice(2), 'kubectl options');

  applyOverrides(flags, globals);

  // Nothing machine-specific may leak into the output.
  const all = JSON.stringify([help, flags, globals]);
  if (all.includes(FAKE_HOME)) throw new Error(`${FAKE_HOME} (the fake HOME) appears in the output: add an override`);
  for (const [k, list] of Object.entries(flags)) {
    const seen = new Set();
    for (const f of list) {
      if (seen.has(f.name)) throw new Error(`${k}: --${f.name} twice`);
      seen.add(f.name);
    }
  }
  return { help, flags, globals };
}

function applyOverrides(flags, globals) {
  const listFor = (cmd) => {
    if (cmd === 'GLOBAL') return globals;
    if (!flags[cmd]) throw new Error(`override: no command ${JSON.stringify(cmd)}`);
    return flags[cmd];
  };
  for (const o of OVERRIDES) {
    const targets = o.cmds === '*' ? Object.values(flags) : o.cmds.map(listFor);
    let hits = 0;
    for (const list of targets) {
      const f = list.find((x) => x.name === o.flag);
      if (!f) {
        if (o.cmds !== '*') throw new Error(`override: --${o.flag} not found (${o.src})`);
        continue;
      }
      Object.assign(f, o.set);
      if (o.custom) f.custom = true; // internal, for --verify; dropped when written
      hits++;
    }
    if (!hits) throw new Error(`override: --${o.flag} matched nothing (${o.src})`);
  }
  for (const a of ADDED) {
    for (const cmd of a.cmds) {
      const list = listFor(cmd);
      if (list.some((x) => x.name === a.flag.name)) throw new Error(`${cmd}: --${a.flag.name} is already listed`);
      list.push({ ...a.flag });
      list.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)); // pflag's sortFlags
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Output

/** A single-quoted TS string literal. */
function q(s) {
  return `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function flagLiteral(f) {
  const parts = [`name: ${q(f.name)}`];
  if (f.shorthand) parts.push(`shorthand: ${q(f.shorthand)}`);
  parts.push(`type: ${q(f.type)}`, `default: ${q(f.default)}`);
  if (f.noOptDefault !== undefined) parts.push(`noOptDefault: ${q(f.noOptDefault)}`);
  parts.push(`usage: ${q(f.usage)}`);
  if (f.deprecated !== undefined) parts.push(`deprecated: ${q(f.deprecated)}`);
  if (f.hidden) parts.push('hidden: true');
  return `{ ${parts.join(', ')} }`;
}

const HEADER = "// Generated by scripts/gen-kubectl-commands.mjs from kubectl v1.33's --help (Apache-2.0, The Kubernetes Authors). Do not edit.";
const byKey = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function writeFlags({ flags, globals }) {
  const out = [
    HEADER,
    "import type { FlagDef } from '../flags.js';",
    '',
    '/** `kubectl options`: the flags every command inherits. */',
    'export const GLOBAL_FLAGS: FlagDef[] = [',
  ];
  for (const f of globals) out.push(`  ${flagLiteral(f)},`);
  out.push(
    '];',
    '',
    '/**',
    ' * Each command\'s own flags, by command path without "kubectl" (`rollout status`), sorted by name as pflag prints them.',
    ' * Each table is a function, which V8 compiles only if called (cli/dispatch.ts kubectlFlags, for the command that runs):',
    " * built at load, every command's table would be paid for at every start, in the code cache and in objects.",
    ' */',
    'export const KUBECTL_FLAGS: Record<string, () => FlagDef[]> = {',
  );
  for (const key of Object.keys(flags).sort(byKey)) {
    if (!flags[key].length) {
      out.push(`  ${q(key)}: () => [],`);
      continue;
    }
    out.push(`  ${q(key)}: () => [`);
    for (const f of flags[key]) out.push(`    ${flagLiteral(f)},`);
    out.push('  ],');
  }
  out.push('};', '');
  return out.join('\n');
}

function writeHelp({ help }) {
  const out = [
    HEADER,
    '',
    '/** One command\'s help texts as kubectl prints them, with "kubectl" as a word replaced by "sts". */',
    'export interface CommandHelp {',
    "  /** the one-line description in the parent's `Available Commands:` (the root's command groups) */",
    '  short: string;',
    '  /** the text before the sections, as printed (trimmed); for the root it includes the command groups */',
    '  long: string;',
    "  /** the block after `Examples:`, as printed (indented two spaces); '' when there is none */",
    '  examples: string;',
    "  /** the line after `Usage:`, without its two-space indent; '' when there is none */",
    '  usage: string;',
    '  /** the names in `Available Commands:` (the root: in group order), as printed; kubectl lays each out as',
    "   *  `'  ' + name.padEnd(Math.max(11, longest sibling name)) + '   ' + short` (templater.go cmdGroupsString, cobra NamePadding) */",
    '  subcommands?: string[];',
    '  /** other names the command answers to (`Aliases:` without the name itself): `create cm` */',
    '  aliases?: string[];',
    '}',
    '',
    'export const KUBECTL_HELP: Record<string, CommandHelp> = {',
  ];
  for (const key of Object.keys(help).sort(byKey)) {
    const h = help[key];
    const parts = [`short: ${q(h.short)}`, `long: ${q(h.long)}`, `examples: ${q(h.examples)}`, `usage: ${q(h.usage)}`];
    if (h.subcommands) parts.push(`subcommands: [${h.subcommands.map(q).join(', ')}]`);
    if (h.aliases) parts.push(`aliases: [${h.aliases.map(q).join(', ')}]`);
    out.push(`  ${q(key)}: {`, ...parts.map((p) => `    ${p},`), '  },');
  }
  out.push('};', '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// --verify: ask the binary itself, flag by flag. pflag parses every argument before cobra looks at --help,
// so `kubectl <cmd> --help --flag=<bad>` reports the value's type in its error, and `--help --flag` (the
// flag last) says "flag needs an argument" unless it has a NoOptDefVal.

function probeType(path, name) {
  const r = kubectl([...path, '--help', `--${name}="x`]);
  if (r.code === 0) return 'string'; // string and stringArray take anything
  const e = r.err.split('\n')[0];
  if (/strconv\.ParseBool/.test(e)) return 'bool';
  if (/strconv\.ParseInt/.test(e)) return 'int';
  if (/strconv\.ParseFloat/.test(e)) return 'float';
  if (/time: invalid duration|flag: parse error$/.test(e)) return 'duration'; // go flag.Duration says "parse error"
  if (/parse error on line/.test(e)) return 'stringSlice';
  return `custom (${e})`;
}

function verify({ flags, globals }) {
  const problems = [];
  const check = (path, f) => {
    const where = `${path.join(' ')} --${f.name}`;
    const t = probeType(path, f.name);
    const want = f.type === 'stringArray' ? 'string' : f.type;
    if (f.custom ? !t.startsWith('custom') && t !== want : t !== want) problems.push(`${where}: probe says ${t}, generated ${f.type}`);
    const bare = kubectl([...path, '--help', `--${f.name}`]);
    const hasNoOpt = f.noOptDefault !== undefined || f.type === 'bool';
    if ((bare.code === 0) !== hasNoOpt)
      problems.push(`${where}: bare flag ${bare.code === 0 ? 'accepted' : 'refused'}, generated noOptDefault ${f.noOptDefault}`);
    if (f.deprecated !== undefined) {
      const msg = `Flag --${f.name} has been deprecated, ${f.deprecated}`;
      const r = kubectl([...path, '--help', `--${f.name}=${f.default}`]);
      if (r.code !== 0 || !r.err.includes(msg)) problems.push(`${where}: expected "${msg}", got ${JSON.stringify(r.err)}`);
    }
  };
  for (const f of globals) check(['api-versions'], f);
  for (const [key, list] of Object.entries(flags).sort(([a], [b]) => byKey(a, b))) {
    const path = key.split(' ');
    for (const f of list) check(path, f);
    // hidden flags added for some commands must be refused by all others
    for (const a of ADDED) {
      if (a.cmds.includes(key) || list.some((f) => f.name === a.flag.name)) continue;
      const r = kubectl([...path, '--help', `--${a.flag.name}=${a.flag.default}`]);
      if (!/unknown flag/.test(r.err)) problems.push(`${key}: accepts --${a.flag.name} too (${JSON.stringify(r.err)})`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------

const data = generate();
const dir = join(REPO, 'src/cli/kubectl');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'flags.generated.ts'), writeFlags(data));
writeFileSync(join(dir, 'help.generated.ts'), writeHelp(data));
const nFlags = Object.values(data.flags).reduce((n, l) => n + l.length, 0);
console.log(
  `${Object.keys(data.flags).length} commands, ${nFlags} command flags, ${data.globals.length} global flags → src/cli/kubectl/{flags,help}.generated.ts`,
);

if (process.argv.includes('--verify')) {
  const problems = verify(data);
  for (const p of problems) console.error(p);
  if (problems.length) process.exit(1);
  console.log('verify: the binary agrees with every generated flag');
}
