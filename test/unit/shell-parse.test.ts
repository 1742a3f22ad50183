// The shell's parser (src/runtime/shell/parse.ts) on its own: words and their quoting, escapes,
// parameters and command substitutions, pipes, redirections, `;`/`&&`/`||`, and dash's messages
// for scripts it refuses. Whole trees are compared, so a changed field fails the test.
import { describe, expect, it } from 'vitest';
import { type List, parse, ShellSyntaxError } from '../../src/runtime/shell/parse.js';

const lit = (text: string, quoted = false) => ({ kind: 'lit', text, quoted });
const cmd = (...words: unknown[][]) => ({ words, redirects: [] });
/** One pipeline of one command, ended by `;`. */
const one = (...words: unknown[][]): List => [{ pipeline: [cmd(...words)], then: ';' }] as List;
/** The message parse throws, or '' when it does not. */
const refusal = (src: string): string => {
  try {
    parse(src);
    return '';
  } catch (e) {
    expect(e).toBeInstanceOf(ShellSyntaxError);
    return (e as Error).message;
  }
};

describe('words', () => {
  it('splits on blanks: space, tab and newline only', () => {
    expect(parse('echo  a\tb\r')).toEqual(one([lit('echo')], [lit('a')], [lit('b\r')]));
  });

  it('keeps single quotes literal and marks the part quoted', () => {
    expect(parse(`echo 'a $X \\n'b`)).toEqual(one([lit('echo')], [lit('a $X \\n', true), lit('b')]));
  });

  it('unescapes only " \\ $ ` inside double quotes', () => {
    expect(parse('echo "a\\"b\\\\c\\$d\\e"')).toEqual(one([lit('echo')], [lit('a"b\\c$d\\e', true)]));
  });

  it('takes the next character literally after a backslash outside quotes', () => {
    expect(parse('echo a\\ b\\;c\\')).toEqual(one([lit('echo')], [lit('a b;c')]));
  });

  it('an empty quoted string is still a word', () => {
    expect(parse('echo ""')).toEqual(one([lit('echo')], [lit('', true)]));
  });

  it('drops comments that start a word, not a # inside one', () => {
    expect(parse('echo a#b # c d\necho e')).toEqual([
      { pipeline: [cmd([lit('echo')], [lit('a#b')])], then: ';' },
      { pipeline: [cmd([lit('echo')], [lit('e')])], then: ';' },
    ]);
  });
});

describe('parameters and substitutions', () => {
  it('reads $NAME, ${NAME}, the special parameters and a lone $', () => {
    expect(parse('echo $HOME_1x ${A}b $? $$ $# $0 $ "$X"')).toEqual(
      one(
        [lit('echo')],
        [{ kind: 'var', name: 'HOME_1x', quoted: false }],
        [{ kind: 'var', name: 'A', quoted: false }, lit('b')],
        [{ kind: 'var', name: '?', quoted: false }],
        [{ kind: 'var', name: '$', quoted: false }],
        [{ kind: 'var', name: '#', quoted: false }],
        [{ kind: 'var', name: '0', quoted: false }],
        [lit('$')],
        [lit('', true), { kind: 'var', name: 'X', quoted: true }, lit('', true)],
      ),
    );
  });

  it('reads the default and alternative forms with a literal word', () => {
    expect(parse('echo ${A:-x y} ${B-} ${C:+z} ${D+w}')).toEqual(
      one(
        [lit('echo')],
        [{ kind: 'var', name: 'A', quoted: false, op: ':-', word: 'x y' }],
        [{ kind: 'var', name: 'B', quoted: false, op: '-', word: '' }],
        [{ kind: 'var', name: 'C', quoted: false, op: ':+', word: 'z' }],
        [{ kind: 'var', name: 'D', quoted: false, op: '+', word: 'w' }],
      ),
    );
  });

  it('keeps a command substitution as script text, nested parentheses and all', () => {
    expect(parse(`echo $(echo (a) ')') "$(b)"`)).toEqual(
      one(
        [lit('echo')],
        [{ kind: 'cmd', script: "echo (a) ')'", quoted: false }],
        [lit('', true), { kind: 'cmd', script: 'b', quoted: true }, lit('', true)],
      ),
    );
  });
});

describe('lists, pipes and redirections', () => {
  it('ends pipelines with ;, newline, &, && and ||', () => {
    expect(
      parse('a | b c && d || e; f & g\nh').map((x) => [x.pipeline.map((c) => c.words.map((w) => (w[0] as { text: string }).text).join(' ')), x.then]),
    ).toEqual([
      [['a', 'b c'], '&&'],
      [['d'], '||'],
      [['e'], ';'],
      [['f'], ';'],
      [['g'], ';'],
      [['h'], ';'],
    ]);
  });

  it('an empty script or empty lists give nothing', () => {
    expect(parse('')).toEqual([]);
    expect(parse(' ;\n; ')).toEqual([]);
  });

  it('reads every redirection with its target, in order, wherever it stands', () => {
    expect(parse('>o a 2>e <i b >>p 2>>q 2>&1')).toEqual([
      {
        pipeline: [
          {
            words: [[lit('a')], [lit('b')]],
            redirects: [
              { op: '>', target: [lit('o')] },
              { op: '2>', target: [lit('e')] },
              { op: '<', target: [lit('i')] },
              { op: '>>', target: [lit('p')] },
              { op: '2>>', target: [lit('q')] },
              { op: '2>&1' },
            ],
          },
        ],
        then: ';',
      },
    ]);
  });

  it('a redirection alone is a command', () => {
    expect(parse('> "$F"')).toEqual([
      {
        pipeline: [{ words: [], redirects: [{ op: '>', target: [lit('', true), { kind: 'var', name: 'F', quoted: true }, lit('', true)] }] }],
        then: ';',
      },
    ]);
  });
});

describe("syntax errors, in dash's words", () => {
  it.each([
    ['echo "a', 'Syntax error: Unterminated quoted string'],
    ["echo 'a", 'Syntax error: Unterminated quoted string'],
    ["echo $(echo ')", 'Syntax error: Unterminated quoted string'],
    ['echo $(echo', 'Syntax error: end of file unexpected (expecting ")")'],
    ['echo ${A', 'Syntax error: Missing }'],
    ['echo ${A%b}', 'Bad substitution'],
    ['echo ${}', 'Bad substitution'],
    ['&& a', 'Syntax error: "&&" unexpected'],
    ['a || || b', 'Syntax error: "||" unexpected'],
    ['a; && b', 'Syntax error: "&&" unexpected'],
    ['| a', 'Syntax error: "|" unexpected'],
    ['echo >', 'Syntax error: newline unexpected'],
    ['echo > ;', 'Syntax error: newline unexpected'],
    ['echo 2>', 'Syntax error: newline unexpected'],
    ['( a )', 'Syntax error: "(" unexpected'],
    ['a )', 'Syntax error: ")" unexpected'],
  ])('%s', (src, message) => {
    expect(refusal(src)).toBe(message);
  });

  it('lets through a trailing & and, unlike dash, a trailing |, an empty command between pipes and ;;', () => {
    // pinned so that a change here is a decision, not an accident of refactoring
    for (const src of ['a &', 'a |', 'a | | b', 'a;;b']) expect(refusal(src), src).toBe('');
    expect(parse('a | | b')).toEqual([{ pipeline: [cmd([lit('a')]), cmd([lit('b')])], then: ';' }]);
  });
});
