import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { secretsKeyBytes } from '../../core/identity/secret-sealing.js';

/**
 * The key that seals stored secrets, in a file of its own (mode 0600, in a 0700 folder) apart from the
 * database: a copy of pipewright.db or a PostgreSQL dump alone gives away no credential. Created on
 * first start; a key file others can read is refused rather than used.
 */
export function loadSecretsKey(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(secretsKeyBytes).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`The secrets key ${path} can be read by others (mode ${mode.toString(8)}): run chmod 600 on it, then start again.`);
  }
  chmodSync(path, 0o600);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== secretsKeyBytes) throw new Error(`The secrets key ${path} does not hold ${secretsKeyBytes} bytes in base64.`);
  return key;
}
