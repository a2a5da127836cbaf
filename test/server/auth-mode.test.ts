import { describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../../src/server/config.js';

describe('--auth: none only where nobody else can reach the server', () => {
  it.each([
    ['127.0.0.1', undefined, 'none'],
    ['localhost', undefined, 'none'],
    ['::1', undefined, 'none'],
    ['127.0.0.1', 'iam', 'iam'],
    ['0.0.0.0', undefined, 'iam'],
    ['192.168.1.20', undefined, 'iam'],
    ['ci.example.com', 'iam', 'iam'],
  ])('host %s with --auth %s is %s', (host, auth, expected) => {
    expect(resolveServerConfig({ host, ...(auth !== undefined ? { auth } : {}) }, {}).auth).toBe(expected);
  });

  it('refuses --auth none on a host others can reach, saying why', () => {
    expect(() => resolveServerConfig({ host: '0.0.0.0', auth: 'none' }, {})).toThrow(/--auth none is refused on host 0\.0\.0\.0: without authentication anyone who reaches the port can run commands/);
    expect(() => resolveServerConfig({ host: '0.0.0.0' }, { PIPEWRIGHT_AUTH: 'none' })).toThrow(/refused/);
  });

  it('refuses a mode it does not know', () => {
    expect(() => resolveServerConfig({ auth: 'basic' }, {})).toThrow('--auth must be iam or none; got basic.');
  });
});
