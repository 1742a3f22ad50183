// Quantities in the API server's canonical form: apimachinery's ParseQuantity then
// Quantity.CanonicalizeBytes (pkg/api/resource/quantity.go; cases after quantity_test.go).
import { describe, expect, it } from 'vitest';
import { canonicalizeResourceList, canonicalQuantity } from '../../src/api/quantity.js';

const table = (rows: [unknown, string | undefined][]) => rows.map(([q]) => [q, canonicalQuantity(q)]);

describe('canonicalQuantity', () => {
  it('decimal SI: the largest suffix that leaves a whole mantissa', () => {
    const rows: [unknown, string][] = [
      ['0.5', '500m'],
      ['0.1', '100m'],
      ['1.5', '1500m'],
      ['1000m', '1'],
      ['1500m', '1500m'],
      ['250m', '250m'],
      ['2000', '2k'],
      ['1001', '1001'],
      ['10G', '10G'],
      ['1000M', '1G'],
      ['0.001', '1m'],
      ['0.5m', '500u'],
      ['5n', '5n'],
      ['+1', '1'],
      ['-0.5', '-500m'],
      ['.5', '500m'],
      ['5.', '5'],
      [' 1 ', '1'],
    ];
    expect(table(rows)).toEqual(rows);
  });

  it('binary SI stays binary when whole and at least 1024, else reads as decimal', () => {
    const rows: [unknown, string][] = [
      ['1Gi', '1Gi'],
      ['100Mi', '100Mi'],
      ['2048Mi', '2Gi'],
      ['1.5Gi', '1536Mi'],
      ['0.5Gi', '512Mi'],
      ['1025Ki', '1025Ki'],
      ['1024Ki', '1Mi'],
      ['0.5Ki', '512'],
      ['1.5Ki', '1536'],
      ['0.3Ki', '307200m'],
      ['1024', '1024'],
    ];
    expect(table(rows)).toEqual(rows);
  });

  it('an exponent stays an exponent, a multiple of three', () => {
    const rows: [unknown, string][] = [
      ['1e3', '1e3'],
      ['1E3', '1e3'],
      ['1.5e3', '1500'],
      ['12e-2', '120e-3'],
      ['1E', '1E'],
    ];
    expect(table(rows)).toEqual(rows);
  });

  it('zero is 0; precision finer than nano rounds up', () => {
    const rows: [unknown, string][] = [
      ['0', '0'],
      ['0.0', '0'],
      ['0Gi', '0'],
      ['0.0000000001', '1n'],
      ['1.0000000001', '1000000001n'],
    ];
    expect(table(rows)).toEqual(rows);
  });

  it('numbers (unquoted YAML) read as their text', () => {
    const rows: [unknown, string][] = [
      [1, '1'],
      [0.25, '250m'],
      [2048, '2048'],
    ];
    expect(table(rows)).toEqual(rows);
  });

  it('what is not a quantity is left for validation to reject', () => {
    for (const q of ['abc', '.', '', '1toString', '1K', '1Kb', '1e', null, true, {}]) expect(canonicalQuantity(q)).toBeUndefined();
  });

  it('canonicalizes a resource list in place, leaving invalid values alone', () => {
    const rl: Record<string, unknown> = { cpu: '0.5', memory: '2048Mi', storage: 'lots' };
    canonicalizeResourceList(rl);
    expect(rl).toEqual({ cpu: '500m', memory: '2Gi', storage: 'lots' });
  });
});
