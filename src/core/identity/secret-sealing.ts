import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets (access keys' secrets) are sealed with AES-256-GCM under a 32-byte key that lives in a file
 * apart from the database, so that a copy of the database alone does not give away any credential.
 * Sealed form: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export interface SecretSealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

export const secretsKeyBytes = 32;

export function secretSealer(key: Buffer): SecretSealer {
  if (key.length !== secretsKeyBytes) throw new Error(`The secrets key must be ${secretsKeyBytes} bytes; got ${key.length}.`);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) throw new Error('A sealed secret is not in the v1 form.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
