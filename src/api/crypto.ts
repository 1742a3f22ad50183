// node:crypto's digests and random bytes, the module loaded when first used: loading it costs a
// millisecond of every command's start-up (issue 14), and most commands (`sts get pods`) hash nothing.
import { createRequire } from 'node:module';
import { sha256Words } from './sha256.js';

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;
const load = (): Crypto => (crypto = createRequire(import.meta.url)('node:crypto') as Crypto);

/** crypto.hash: the one-shot digest, several times faster than createHash for a few bytes. */
export function hash(algorithm: string, data: string, encoding?: 'hex'): string;
export function hash(algorithm: string, data: string, encoding: 'buffer'): Buffer;
export function hash(algorithm: string, data: string, encoding?: 'hex' | 'buffer'): string | Buffer {
  if (crypto === undefined && algorithm === 'sha256' && ++jsHashes <= JS_HASHES) {
    // a few short digests (a small cluster's pods) are had sooner in JavaScript than by loading crypto
    const words = sha256Words(data);
    const digest = Buffer.alloc(32);
    for (let i = 0; i < 8; i++) digest.writeUInt32BE(words[i], i * 4);
    return encoding === 'buffer' ? digest : digest.toString('hex');
  }
  return (crypto ?? load()).hash(algorithm, data, encoding as 'hex');
}
/** How many sha256 digests are made in JavaScript before crypto is loaded for the rest. */
const JS_HASHES = 64;
let jsHashes = 0;

export const createHash = (algorithm: string) => (crypto ?? load()).createHash(algorithm);
export const randomBytes = (size: number) => (crypto ?? load()).randomBytes(size);
