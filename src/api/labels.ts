// Label selectors: kubectl's `-l` grammar and LabelSelector objects.
import type { LabelSelector } from './types.js';

export type Requirement = { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | '!' };

export type Selector = Requirement[];

/** Parse `app=web,tier!=db,env in (a,b),!legacy,role`. Throws a message on bad syntax. */
export function parseSelector(text: string): Selector {
  const reqs: Selector = [];
  const s = text.trim();
  let i = 0;
  const skipWs = () => {
    while (i < s.length && s[i] === ' ') i++;
  };
  const readToken = () => {
    skipWs();
    const start = i;
    while (i < s.length && !' ,=!()'.includes(s[i])) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    skipWs();
    if (s[i] === '!') {
      i++;
      const key = readToken();
      if (!key) throw new Error(`unable to parse requirement: found '${s.slice(i)}', expected: identifier`);
      reqs.push({ key, op: '!' });
    } else {
      const key = readToken();
      if (!key) throw new Error(`unable to parse requirement: found '${s.slice(i) || ''}', expected: identifier`);
      skipWs();
      if (s.startsWith('==', i) || s.startsWith('!=', i) || s[i] === '=') {
        const op = s.startsWith('!=', i) ? 'notin' : 'in';
        i += s.startsWith('==', i) || s.startsWith('!=', i) ? 2 : 1;
        const value = readToken();
        reqs.push({ key, op, values: [value] });
      } else if (s.startsWith('in', i) || s.startsWith('notin', i)) {
        const op = s.startsWith('notin', i) ? 'notin' : 'in';
        i += op.length;
        skipWs();
        if (s[i] !== '(') throw new Error(`unable to parse requirement: found '${s.slice(i)}', expected: '('`);
        const close = s.indexOf(')', i);
        if (close < 0) throw new Error(`unable to parse requirement: found '', expected: ')'`);
        const values = s
          .slice(i + 1, close)
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== '');
        i = close + 1;
        reqs.push({ key, op, values });
      } else {
        reqs.push({ key, op: 'exists' });
      }
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ',') throw new Error(`unable to parse requirement: found '${s.slice(i)}', expected: ','`);
      i++;
    }
  }
  return reqs;
}

export function matches(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
    }
  });
}

/** A LabelSelector object (matchLabels + matchExpressions) as a Selector. */
export function fromLabelSelector(ls: LabelSelector): Selector {
  const out: Selector = Object.entries(ls.matchLabels ?? {}).map(([key, v]) => ({ key, op: 'in' as const, values: [v] }));
  for (const e of ls.matchExpressions ?? []) {
    const op = e.operator;
    if (op === 'In') out.push({ key: e.key, op: 'in', values: e.values ?? [] });
    else if (op === 'NotIn') out.push({ key: e.key, op: 'notin', values: e.values ?? [] });
    else if (op === 'Exists') out.push({ key: e.key, op: 'exists' });
    else if (op === 'DoesNotExist') out.push({ key: e.key, op: '!' });
  }
  return out;
}

/** `app=nginx,tier=web` (describe's Selector line). */
export function labelSelectorString(ls: LabelSelector): string {
  const parts = Object.entries(ls.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of ls.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return parts.sort().join(',');
}
