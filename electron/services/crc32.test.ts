import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/domain/random';
import { crc32 } from './crc32';

describe('crc32', () => {
  it('gives the known check value of the IEEE polynomial', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
  });

  it('gives what zlib gives for every journal line, so journals written before still verify', () => {
    const random = seededRandom(7);
    const alphabet = ['a', 'Z', '0', '"', '\\', '{', '}', ' ', '\n', 'é', '한', '國', '😀', '\u0000', '\ud800'];
    for (let i = 0; i < 500; i++) {
      const length = Math.floor(random() * 300);
      let text = '';
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(crc32(text)).toBe(zlibCrc32(text));
    }
    const line = JSON.stringify({ t: 'job', job: 'j1', contact: '+821012345678', vars: { name: '김민지' } });
    expect(crc32(line)).toBe(zlibCrc32(line));
  });
});
