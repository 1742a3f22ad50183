// `sts shell`'s line reading (src/cli/shell-line.ts) and Ctrl-R's search (src/cli/shell-history.ts): pure functions.
import { describe, expect, it } from 'vitest';
import { parseLine, splitWords } from '../../src/cli/shell-line.js';
import { ReverseSearch } from '../../src/cli/shell-history.js';

describe('shell lines', () => {
  it('splits words as sh does: quotes, backslashes, blanks', () => {
    expect(splitWords(`get  pods -l 'app in (web)' -o "jsonpath={.a}\\"" a\\ b`).words).toEqual([
      'get',
      'pods',
      '-l',
      'app in (web)',
      '-o',
      'jsonpath={.a}"',
      'a b',
    ]);
    expect(splitWords(`get ''`).words).toEqual(['get', '']);
    expect(splitWords(`get 'po`)).toEqual({ words: ['get', 'po'], open: "'", between: false });
    expect(splitWords('get pods ')).toEqual({ words: ['get', 'pods'], between: true });
  });

  it('reads prefixes, host commands, pipes and comments', () => {
    expect(parseLine('kubectl get pods')).toEqual({ kind: 'sts', argv: ['get', 'pods'] });
    expect(parseLine('sts get pods')).toEqual({ kind: 'sts', argv: ['get', 'pods'] });
    expect(parseLine('kubectl')).toEqual({ kind: 'sts', argv: ['kubectl'] });
    expect(parseLine(" get pods -o name | grep 'web|x' | wc -l")).toEqual({
      kind: 'sts',
      argv: ['get', 'pods', '-o', 'name'],
      pipeTo: "grep 'web|x' | wc -l",
    });
    expect(parseLine("get pods -l 'a|b'")).toEqual({ kind: 'sts', argv: ['get', 'pods', '-l', 'a|b'] });
    expect(parseLine('!ls -l | wc')).toEqual({ kind: 'host', command: 'ls -l | wc' });
    expect(parseLine('  # note')).toEqual({ kind: 'empty' });
    expect(parseLine('get pods |')).toEqual({ kind: 'error', message: 'error: a pipe needs a command on each side (get pods -o name | grep web)' });
    expect(parseLine('get "pods')).toEqual({ kind: 'error', message: 'error: unterminated double quote' });
  });
});

describe('Ctrl-R', () => {
  const history = ['get pods web-1', 'logs web-0', 'get pods web-0', 'apply -f web.yaml'];
  it('finds the newest entry with the query, and older ones on Ctrl-R again', () => {
    const rs = new ReverseSearch(history);
    rs.setQuery('web-');
    expect(rs.match).toBe('get pods web-1');
    rs.older();
    expect(rs.match).toBe('logs web-0');
    rs.setQuery('web-0');
    expect(rs.match).toBe('logs web-0');
    rs.setQuery('nothing');
    expect([rs.failed, rs.match, rs.prompt()]).toEqual([true, 'logs web-0', "(failed reverse-i-search)`nothing': "]);
  });
});
