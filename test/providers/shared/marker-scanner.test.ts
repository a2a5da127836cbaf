import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarkerScanner } from '../../../src/providers/shared/marker-scanner.js';

describe('MarkerScanner', () => {
  it('finds every marker and passes all other bytes on, however the stream is cut', () => {
    const nonce = 'abc123';
    const marker = (payload: string) => `\x01pw:${nonce}:${payload}\n`;
    const stream = `out1\n${marker('S0')}partial\x01pw:other:no\n\x01${marker('E0:0')}${marker('X')}tail\x01pw:ab`;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 10 }), (cuts) => {
        const events: string[] = [];
        let data = '';
        const scanner = new MarkerScanner(
          nonce,
          (chunk) => (data += chunk.toString('latin1')),
          (payload) => {
            events.push(`${data}|${payload}`);
            data = '';
          },
        );
        const bytes = Buffer.from(stream, 'latin1');
        let start = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          scanner.feed(bytes.subarray(start, cut));
          start = cut;
        }
        scanner.feed(bytes.subarray(start));
        scanner.end();
        expect(events).toEqual(['out1\n|S0', 'partial\x01pw:other:no\n\x01|E0:0', '|X']);
        expect(data).toBe('tail\x01pw:ab');
      }),
      { numRuns: 300 },
    );
  });
});
