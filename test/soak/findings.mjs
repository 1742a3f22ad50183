// What the soak found: each failure with the command and input that caused it, grouped by a
// signature (category + the error text with names and numbers blurred) so the report lists each
// distinct problem once, with a count and its first example.

/** A JavaScript stack, a V8 fatal error or an abort: what a user must never see. */
const STACK = [
  /\n\s+at [^\n]*(?:\(.*:\d+:\d+\)|:\d+:\d+|\(native\)|<anonymous>)/,
  /^\s+at (?:async )?[\w$.<>[\] ]+ \(/m,
  /FATAL ERROR|node:internal|Aborted \(core dumped\)|JavaScript heap out of memory|Maximum call stack size exceeded/,
  /^(?:Type|Range|Reference|Syntax|Eval|URI)Error: /m,
  /Warning: Detected unsettled top-level await/,
];
const INTERNAL = /internal error|\[native code\]|\[object Object\]/i;

export function stackTrace(text) {
  return STACK.some((re) => re.test(text));
}
export function internalError(text, input = '') {
  const m = INTERNAL.exec(text);
  return !!m && !String(input).includes(m[0]);
}

/** The first line that says what went wrong, with the specifics blurred, for grouping. */
export function signatureOf(text) {
  const line =
    text.split('\n').find((l) => INTERNAL.test(l) || stackTrace(l) || /error|Error/.test(l)) ?? text.split('\n').find((l) => l.trim()) ?? '';
  return line
    .replace(/"[^"]*"|'[^']*'/g, '"…"')
    .replace(/\/[^\s:]+/g, '/…')
    .replace(/\b0x[0-9a-f]+\b|\b\d+(\.\d+)?\b/gi, 'N')
    .slice(0, 160);
}

const clip = (s, n = 300) => {
  const t = typeof s === 'string' ? s : Buffer.isBuffer(s) ? s.toString('utf8') : JSON.stringify(s);
  return t.length > n ? `${t.slice(0, n)}… (${t.length} chars)` : t;
};

export class Findings {
  constructor() {
    this.groups = new Map();
  }
  /** section: writers|kills|hostile|escapes; category: the figure it counts against. */
  add(section, category, { command, input, detail, text = '' }) {
    const sig = `${section} · ${category} · ${signatureOf(text || detail || '')}`;
    const g = this.groups.get(sig);
    if (g) {
      g.count++;
      return;
    }
    this.groups.set(sig, {
      section,
      category,
      count: 1,
      command: clip(
        Array.isArray(command) ? command.map((a) => (/[\s'"]/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' ') : (command ?? ''),
        400,
      ),
      input: input === undefined ? undefined : clip(input, 600),
      detail: clip(detail ?? text, 600),
    });
  }
  get list() {
    return [...this.groups.values()];
  }
  format() {
    const out = [];
    let n = 0;
    for (const g of this.list) {
      n++;
      out.push(`${n}. [${g.section}/${g.category}] ×${g.count}: sts ${g.command}`);
      if (g.input !== undefined) out.push(`   input: ${g.input.replace(/\n/g, '\\n')}`);
      out.push(`   ${g.detail.replace(/\n/g, '\n   ')}`);
    }
    return out.join('\n');
  }
}
