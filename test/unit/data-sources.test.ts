// The data of create configmap / secret generic: kubectl's source parsing, env files, key rules and
// --append-hash (expected values taken from kubectl 1.33).
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/api/errors.js';
import { configKeyErrors, DataBuilder, dataHash, parseEnvFile, parseFileSource, parseLiteralSource } from '../../src/manifest/data-sources.js';

const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
  return 'no error';
};

describe('ParseLiteralSource', () => {
  it('splits at the first =', () => expect(parseLiteralSource('url=http://x/?a=b')).toEqual(['url', 'http://x/?a=b']));
  it('an empty value is a value', () => expect(parseLiteralSource('empty=')).toEqual(['empty', '']));
  it('no key or no = is refused', () => {
    expect(message(() => parseLiteralSource('=b'))).toBe('error: invalid literal source =b, expected key=value');
    expect(message(() => parseLiteralSource('a'))).toBe('error: invalid literal source a, expected key=value');
  });
});

describe('ParseFileSource', () => {
  it('a path is keyed by its base name', () => expect(parseFileSource('conf/app.properties')).toEqual(['app.properties', 'conf/app.properties']));
  it('KEY=PATH', () => expect(parseFileSource('key.pem=conf/motd')).toEqual(['key.pem', 'conf/motd']));
  it('a missing key or path, or a second =, is refused', () => {
    expect(message(() => parseFileSource('=/etc'))).toBe('error: key name for file path /etc missing');
    expect(message(() => parseFileSource('k='))).toBe('error: file path for key name k missing');
    expect(message(() => parseFileSource('a=b=c'))).toBe("error: key names or file paths cannot contain '='");
  });
});

describe('env files (cmdutil.AddFromEnvFile)', () => {
  const parse = (text: string | Buffer, env: Record<string, string> = {}) => parseEnvFile(Buffer.from(text), 'app.env', env);

  it('BOM, comments, blank lines, leading blanks and CRLF; values kept as written', () => {
    expect(parse('\ufeffA=1\n  # comment\n\n   B=2  \nC=x=y\r\nEMPTY=\n\tD=tab')).toEqual([
      ['A', '1'],
      ['B', '2  '],
      ['C', 'x=y'],
      ['EMPTY', ''],
      ['D', 'tab'],
    ]);
  });
  it('a line without = takes the variable from the environment', () => {
    expect(parse('HOME\nNOPE\n', { HOME: '/root' })).toEqual([
      ['HOME', '/root'],
      ['NOPE', ''],
    ]);
  });
  it('keys must be environment variable names', () => {
    expect(message(() => parse('B = 2\n'))).toBe(
      `error: "B " is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
    );
    expect(message(() => parse('..a=v\n'))).toBe(`error: "..a" is not a valid key name: must not start with '..'`);
    expect(parse('.a=v\n')).toEqual([['.a', 'v']]);
  });
  it('invalid UTF-8 names the line and its bytes', () => {
    expect(message(() => parseEnvFile(Buffer.from([0x41, 0x3d, 0xff]), 'inv.env', {}))).toBe(
      'error: env file inv.env contains invalid utf8 bytes at line 1: [65 61 255]',
    );
  });
});

describe('keys and duplicates', () => {
  it('IsConfigMapKey', () => {
    expect(configKeyErrors('key.name_1-x')).toEqual([]);
    expect(configKeyErrors('.')).toEqual(["must not be '.'"]);
    expect(configKeyErrors('a/b')).toHaveLength(1);
  });
  it('a config map names the key and the map; a secret says less', () => {
    const cm = new DataBuilder('ConfigMap', 'x');
    cm.add('a', 'b');
    expect(message(() => cm.add('a', 'c'))).toBe('error: cannot add key "a", another key by that name already exists in Data for ConfigMap "x"');
    expect(message(() => cm.add('a/b', 'c'))).toBe(
      `error: "a/b" is not a valid key name for a ConfigMap: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
    const s = new DataBuilder('Secret', 'x');
    s.add('a', 'b');
    expect(message(() => s.add('a', 'c'))).toBe('error: cannot add key a, another key by that name already exists');
    expect(message(() => s.add('a/b', 'c'))).toMatch(/^error: "a\/b" is not valid key name for a Secret a valid config key/);
  });
  it('text goes to data, other bytes to binaryData; secrets are base64', () => {
    const cm = new DataBuilder('ConfigMap', 'x');
    cm.add('t', Buffer.from('héllo'));
    cm.add('b', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff]));
    expect([cm.data, cm.binaryData]).toEqual([{ t: 'héllo' }, { b: 'iVBOR/8=' }]);
    const s = new DataBuilder('Secret', 'x');
    s.add('password', 's3cr3t!');
    expect(s.data).toEqual({ password: 'czNjcjN0IQ==' });
  });
  it('env files do not mix with other sources', () => {
    expect(message(() => new DataBuilder('ConfigMap', 'x').addAll({ literals: ['a=b'], files: [], envFiles: ['x.env'] }))).toBe(
      'error: from-env-file cannot be combined with from-file or from-literal',
    );
  });
});

describe('--append-hash (hash.ConfigMapHash / SecretHash)', () => {
  it('matches kubectl', () => {
    expect(dataHash('ConfigMap', 'x', { a: 'b' }, {})).toBe('64686gkt6c');
    expect(dataHash('ConfigMap', 'app-config', { a: 'b' }, {})).toBe('65kg6bk9d9');
    expect(dataHash('ConfigMap', 's', { k: '<' }, { 'bin.dat': Buffer.from([0, 1, 0xff, 0xfe]).toString('base64') })).toBe('tt5d6294gg');
    expect(dataHash('Secret', 's', { a: 'Yg==' }, {})).toBe('7fd2tm89d8');
    expect(dataHash('Secret', 's', { a: 'Yg==' }, {}, 'x')).toBe('426t5bkm8k');
  });
});
