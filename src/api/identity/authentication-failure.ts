/**
 * Why a request could not be authenticated, independent of the door it came through: each door (the
 * JSON API, IAM's query API, S3, git, /api) words it in its own protocol's error (see the tables in
 * `auth-errors.ts`).
 */
export type AuthFailureReason = 'missing' | 'incomplete' | 'unknown-key' | 'bad-signature' | 'expired';

export class AuthenticationFailure extends Error {
  constructor(
    readonly reason: AuthFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationFailure';
  }
}
