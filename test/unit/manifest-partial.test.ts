// A stream with one unreadable document keeps the documents before it, as kubectl's YAMLReader does.
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/api/errors.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests, parseManifest, splitYamlDocuments } from '../../src/manifest/load.js';

const dir = mkdtempSync(join(tmpdir(), 'sts-partial-'));
let n = 0;
/** loadManifests of one file holding text; its path is the name in messages */
const load = async (text: string) => {
  const file = join(dir, `m${n++}.yaml`);
  writeFileSync(file, text);
  return { file, docs: await loadManifests([file]) };
};

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;

const message = (read: () => unknown): string => {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return (e as Error).message;
  }
  throw new Error('expected a CliError');
};

describe('loadManifests with a bad document', () => {
  it('keeps the documents before a bad middle document, and nothing after it', async () => {
    const { file, docs } = await load(`${cm('a')}---\n${cm('b')}---\n\tbad: [\n---\n${cm('c')}`);
    expect(docs.length).toBe(3);
    expect(docs.slice(0, 2).map((d) => (d.obj.metadata as { name: string }).name)).toEqual(['a', 'b']);
    expect(docs.map((d) => d.line)).toEqual([1, 5, 9]);
    expect(message(() => docs[2].obj)).toMatch(new RegExp(`^error: error parsing ${file}: error converting YAML to JSON: yaml: `));
  });

  it('names the line of the error in the whole stream', async () => {
    const { file, docs } = await load(`${cm('a')}---\n${cm('b')}---\na: 1\n b: 2\n`);
    expect(docs.length).toBe(3);
    expect(message(() => docs[2].obj)).toBe(
      `error: error parsing ${file}: error converting YAML to JSON: yaml: line 10: bad indentation of a mapping entry`,
    );
  });

  it('reports an unknown tag, an undefined alias and a NUL byte in a later document', async () => {
    for (const bad of ['x: !foo 1\n', 'x: *nope\n', 'x: "a\0b"\n']) {
      const { docs } = await load(`${cm('a')}---\n${bad}---\n${cm('c')}`);
      expect(docs.length).toBe(2);
      expect((docs[0].obj.metadata as { name: string }).name).toBe('a');
      expect(message(() => docs[1].obj)).toMatch(/^error: error parsing .*: error converting YAML to JSON: yaml: /);
    }
  });

  it('keeps nothing when the first document is bad', async () => {
    await expect(load(`\tbad: [\n---\n${cm('b')}`)).rejects.toThrow(/^error: error parsing .*: error converting YAML to JSON: yaml: line 1: /);
    await expect(load(`---\n\tbad: [\n---\n${cm('b')}`)).rejects.toThrow(/yaml: line 2: /);
  });

  it('parseManifest stays all or nothing', async () => {
    await expect(parseManifest(`${cm('a')}---\n\tbad: [\n`, 'STDIN')).rejects.toThrow(
      /^error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: /,
    );
  });

  it('still bounds aliases per document', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const { file, docs } = await load(`${cm('a')}---\n${bomb}\n`);
    expect(docs.length).toBe(2);
    expect(message(() => docs[1].obj)).toBe(
      `error: error parsing ${file}: error converting YAML to JSON: yaml: document contains excessive aliasing`,
    );
  });
});

describe('splitYamlDocuments', () => {
  it('cuts at `---` lines, with trailing spaces or a comment, and keeps start lines', () => {
    expect(splitYamlDocuments('a: 1\n---\nb: 2\n---  # c\nc: 3\n--- x: 1\n')).toEqual([
      { text: 'a: 1', line: 1 },
      { text: 'b: 2', line: 3 },
      { text: 'c: 3\n--- x: 1\n', line: 5 },
    ]);
  });
});
