// pflag's grammar, case by case (the cases of spf13/pflag's flag_test.go that kubectl users meet).
import { describe, expect, it } from 'vitest';
import { FlagSet, parseBool, parseGoDuration, parseInt64, readCsv, type FlagDef } from '../../src/cli/flags.js';

const defs: FlagDef[] = [
  { name: 'output', shorthand: 'o', type: 'string', default: '', usage: '' },
  { name: 'namespace', shorthand: 'n', type: 'string', default: '', usage: '' },
  { name: 'watch', shorthand: 'w', type: 'bool', default: 'false', usage: '' },
  { name: 'stdin', shorthand: 'i', type: 'bool', default: 'false', usage: '' },
  { name: 'tty', shorthand: 't', type: 'bool', default: 'false', usage: '' },
  { name: 'replicas', type: 'int', default: '0', usage: '' },
  { name: 'timeout', type: 'duration', default: '0s', usage: '' },
  { name: 'filename', shorthand: 'f', type: 'stringSlice', default: '[]', usage: '' },
  { name: 'from-literal', type: 'stringArray', default: '[]', usage: '' },
  { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background', usage: '' },
  { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged', usage: '' },
  { name: 'record', type: 'bool', default: 'false', usage: '', deprecated: '--record will be removed in the future' },
];
const parse = (...argv: string[]) => new FlagSet(defs).parse(argv);
const value = (name: string, ...argv: string[]) => parse(...argv).values.get(name);
const error = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('shorthand values', () => {
  for (const form of [['-o=yaml'], ['-oyaml'], ['-o', 'yaml'], ['--output=yaml'], ['--output', 'yaml']])
    it(`${form.join(' ')} is yaml`, () => expect(value('output', ...form)).toBe('yaml'));
  it('-n=default strips the = (not "=default")', () => expect(value('namespace', '-n=default')).toBe('default'));
  it('a value may start with = after the first one', () => expect(value('output', '-o==x')).toBe('=x'));
  it('a value after -o may look like a flag', () => expect(value('output', '-o', '-x')).toBe('-x'));
  it('jsonpath with = inside', () => expect(value('output', '-o=jsonpath={.a}')).toBe('jsonpath={.a}'));
});

describe('booleans', () => {
  it('--watch alone is true', () => expect(value('watch', '--watch')).toBe(true));
  it('--watch=false', () => expect(value('watch', '--watch=false')).toBe(false));
  it('-w=false', () => expect(value('watch', '-w=false')).toBe(false));
  it('Go ParseBool spellings', () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parseBool(t)).toBe(true);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) expect(parseBool(f)).toBe(false);
  });
  it('--watch false: false is an argument, not the value', () => {
    const p = parse('--watch', 'false');
    expect([p.values.get('watch'), p.args]).toEqual([true, ['false']]);
  });
  it('combined shorthands -it and -ti', () => {
    for (const f of ['-it', '-ti']) {
      const p = parse(f);
      expect([p.values.get('stdin'), p.values.get('tty')]).toEqual([true, true]);
    }
  });
  it('a bad bool names the flag as pflag does', () =>
    expect(error('-w=maybe')).toBe('invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax'));
});

describe('arguments and --', () => {
  it('flags anywhere between arguments', () => {
    const p = parse('get', '-o', 'yaml', 'pods', '-w', 'web-0');
    expect(p.args).toEqual(['get', 'pods', 'web-0']);
  });
  it('-- ends flags and records where', () => {
    const p = parse('web-0', '-i', '--', 'ls', '-la');
    expect([p.args, p.argsLenAtDash, p.values.get('stdin')]).toEqual([['web-0', 'ls', '-la'], 1, true]);
  });
  it('no -- gives -1', () => expect(parse('a').argsLenAtDash).toBe(-1));
  it('a lone - is an argument', () => expect(parse('-').args).toEqual(['-']));
});

describe('repeats', () => {
  it('last wins for strings', () => expect(value('output', '-o', 'yaml', '-o', 'json')).toBe('json'));
  it('stringSlice appends and splits on commas', () =>
    expect(value('filename', '-f', 'a.yaml,b.yaml', '-f=c.yaml')).toEqual(['a.yaml', 'b.yaml', 'c.yaml']));
  it('stringSlice reads CSV quotes', () => expect(readCsv('"a,b",c')).toEqual(['a,b', 'c']));
  it('stringArray keeps commas', () => expect(value('from-literal', '--from-literal=a=1,2', '--from-literal', 'b=3')).toEqual(['a=1,2', 'b=3']));
  it('changed lists each flag once', () => expect(parse('-o', 'a', '-o', 'b').changed).toEqual(['output']));
});

describe('optional values (NoOptDefVal)', () => {
  it('--cascade alone is background', () => expect(value('cascade', '--cascade')).toBe('background'));
  it('--cascade orphan: orphan is an argument', () => expect(parse('--cascade', 'orphan').args).toEqual(['orphan']));
  it('--dry-run alone is "unchanged"', () => expect(value('dry-run', '--dry-run')).toBe('unchanged'));
  it('--dry_run=client is --dry-run', () => expect(value('dry-run', '--dry_run=client')).toBe('client'));
});

describe('typed values', () => {
  it('ints', () => expect(value('replicas', '--replicas=3')).toBe(3));
  it('ints in Go bases', () => expect([parseInt64('0x10'), parseInt64('010'), parseInt64('-5'), parseInt64('0b11')]).toEqual([16, 8, -5, 3]));
  it('a bad int', () =>
    expect(error('--replicas=x')).toBe('invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax'));
  it('durations', () =>
    expect([parseGoDuration('1h30m'), parseGoDuration('2.5s'), parseGoDuration('0'), parseGoDuration('-1s')]).toEqual([5_400_000, 2500, 0, -1000]));
  it('a duration without a unit', () =>
    expect(error('--timeout=30')).toBe('invalid argument "30" for "--timeout" flag: time: missing unit in duration "30"'));
  it('an unknown unit', () =>
    expect(error('--timeout=1d')).toBe('invalid argument "1d" for "--timeout" flag: time: unknown unit "d" in duration "1d"'));
  it('not a duration', () => expect(error('--timeout=abc')).toBe('invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"'));
});

describe("pflag's errors", () => {
  it('unknown long flag', () => expect(error('--bogus')).toBe('unknown flag: --bogus'));
  it('unknown long flag with a value', () => expect(error('--bogus=1')).toBe('unknown flag: --bogus'));
  it('unknown shorthand', () => expect(error('-Z')).toBe("unknown shorthand flag: 'Z' in -Z"));
  it('unknown shorthand inside a group', () => expect(error('-iZ')).toBe("unknown shorthand flag: 'Z' in -Z"));
  it('missing value of a shorthand', () => expect(error('-o')).toBe("flag needs an argument: 'o' in -o"));
  it('missing value of a long flag', () => expect(error('--output')).toBe('flag needs an argument: --output'));
  it('bad syntax', () => {
    expect(error('---x')).toBe('bad flag syntax: ---x');
    expect(error('--=x')).toBe('bad flag syntax: --=x');
  });
});

describe('deprecated flags', () => {
  it('work and say so', () => {
    const p = parse('--record');
    expect([p.values.get('record'), p.warnings]).toEqual([true, ['Flag --record has been deprecated, --record will be removed in the future']]);
  });
});
