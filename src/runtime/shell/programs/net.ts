// The network commands: nslookup and getent over the cluster's DNS (dns.ts), curl and wget over
// its web servers (web.ts), with those tools' own messages.
import { getentHosts, nslookup, nslookupBusybox } from '../../dns.js';
import { reasonText } from '../../podfs.js';
import { httpGet } from '../../web.js';
import { fail, type Program } from '../program.js';

const fetch: Program = (sh, args, _stdin, prog) => {
  const url = args.find(
    (a, i) =>
      /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?(\/.*)?$/.test(a) &&
      !a.startsWith('-') &&
      !/^-([a-zA-Z]*[Oo]|-output|-output-document)$/.test(args[i - 1] ?? ''),
  );
  if (!url) return { out: '', err: prog === 'curl' ? "curl: try 'curl --help' for more information\n" : 'wget: missing URL\n', code: 2 };
  const r = httpGet(sh.ctr, url, prog === 'wget' ? 'Wget' : 'curl/8.11.1');
  if (r.error) {
    if (prog === 'wget') return { out: '', err: r.error.wget, code: 1 };
    return {
      out: '',
      err: args.some((a) => /^-[a-zA-Z]*s/.test(a)) && !args.some((a) => /^-[a-zA-Z]*S/.test(a)) ? '' : r.error.curl,
      code: r.error.code,
    };
  }
  if (prog === 'wget') {
    // -O FILE, -OFILE, -qO FILE, -O- (stdout)
    const o = args.findIndex((a) => /^-[a-zA-Z]*O/.test(a));
    const attached = o >= 0 ? args[o].slice(args[o].indexOf('O') + 1) : '';
    const file = o < 0 ? 'index.html' : attached || args[o + 1];
    if (file === undefined) return { out: '', err: "wget: option requires an argument -- 'O'\n", code: 1 };
    if (file === '-') return { out: r.body!, err: '', code: r.status! >= 400 ? 8 : 0 };
    try {
      sh.ctr.fs.writeFile(sh.entry(file, { write: true }), r.body!);
    } catch (e) {
      return { out: '', err: `wget: can't open '${file}': ${reasonText(e)}\n`, code: 1 };
    }
    return { out: '', err: args.some((a) => a.startsWith('-q')) ? '' : `saving to '${file}'\n`, code: 0 };
  }
  return { out: r.body!, err: '', code: 0 };
};

/** busybox up to 1.28 has its own nslookup (over getaddrinfo); 1.29 on print bind's format. */
function oldBusybox(image: string | undefined): boolean {
  const m = /^(?:[^/]+\/)*busybox:(\d+)\.(\d+)/.exec(image ?? '');
  return !!m && (Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) <= 28));
}

export const net: Record<string, Program> = {
  nslookup: (sh, args) => {
    const name = args.find((a) => !a.startsWith('-'));
    if (!name) return fail('Usage: nslookup NAME\n');
    const ns = sh.ctr.pod.metadata.namespace!;
    if (oldBusybox(sh.ctr.container.image)) return nslookupBusybox(sh.ctr.c, ns, name);
    const r = nslookup(sh.ctr.c, ns, name);
    return { out: r.out, err: '', code: r.code };
  },
  getent: (sh, args) => {
    if (args[0] !== 'hosts' && args[0] !== 'ahosts') return fail(`Unknown database: ${args[0] ?? ''}\n`, 1);
    if (!args[1]) return fail('', 1);
    const r = getentHosts(sh.ctr.c, sh.ctr.pod.metadata.namespace!, args[1]);
    return { out: r.out, err: '', code: r.code };
  },
  curl: fetch,
  wget: fetch,
};
