// node:crypto's digests and random bytes, the module loaded when first used: loading it costs a
// millisecond of every command's start-up (issue 14), and most commands (`sts get pods`) hash nothing.
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;
const load = (): Crypto => (crypto = createRequire(import.meta.url)('node:crypto') as Crypto);

/** crypto.hash: the one-shot digest, several times faster than createHash for a few bytes. */
export function hash(algorithm: string, data: string, encoding?: 'hex'): string;
export function hash(algorithm: string, data: string, encoding: 'buffer'): Buffer;
export function hash(algorithm: string, data: string, encoding?: 'hex' | 'buffer'): string | Buffer {
  return (crypto ?? load()).hash(algorithm, data, encoding as 'hex');
}

export const createHash = (algorithm: string) => (crypto ?? load()).createHash(algorithm);
export const randomBytes = (size: number) => (crypto ?? load()).randomBytes(size);
