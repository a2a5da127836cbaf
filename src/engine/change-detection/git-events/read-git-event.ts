import { timingSafeEqual } from 'node:crypto';
import { header, parseCallBody, type CallOutcome, type IncomingCall } from '../incoming-call.js';
import { signatureMatches } from '../webhooks/webhook-authentication.js';
import type { GitEvent, GitHost } from './git-event.js';
import { giteaEvent } from './gitea-events.js';
import { githubEvent } from './github-events.js';
import { gitlabEvent } from './gitlab-events.js';

type Refusal = Extract<CallOutcome, { kind: 'unauthenticated' | 'bad-request' }>;

/**
 * A git host's webhook call, authenticated with the connection's webhook secret the way that host
 * signs: GitHub with X-Hub-Signature-256 (HMAC-SHA256 of the body), Gitea with X-Gitea-Signature
 * (the same HMAC, bare hex) or X-Hub-Signature-256, GitLab with X-Gitlab-Token (the secret itself).
 * The host is told by its event header; Gitea also sends GitHub's, so it is looked for first.
 */
export function readGitEvent(call: IncomingCall, secret: string): { host: GitHost; event: GitEvent } | Refusal {
  const gitea = header(call, 'x-gitea-event');
  const gitlab = header(call, 'x-gitlab-event');
  const github = header(call, 'x-github-event');
  const host: GitHost | undefined = gitea !== undefined ? 'Gitea' : gitlab !== undefined ? 'GitLab' : github !== undefined ? 'GitHub' : undefined;
  if (host === undefined) return { kind: 'bad-request', message: 'The call names no event: X-GitHub-Event, X-Gitlab-Event or X-Gitea-Event is missing.' };
  const refusal = signatureRefusal(host, call, secret);
  if (refusal !== undefined) return refusal;
  const parsed = parseCallBody(call);
  if (!parsed.ok) return { kind: 'bad-request', message: parsed.message };
  switch (host) {
    case 'GitHub':
      return { host, event: githubEvent(github ?? '', parsed.document) };
    case 'Gitea':
      return { host, event: giteaEvent(gitea ?? '', parsed.document) };
    case 'GitLab':
      return { host, event: gitlabEvent(gitlab ?? '', parsed.document) };
  }
}

function signatureRefusal(host: GitHost, call: IncomingCall, secret: string): Refusal | undefined {
  if (host === 'GitLab') {
    const token = header(call, 'x-gitlab-token');
    if (token === undefined) return { kind: 'unauthenticated', message: 'The call carries no X-Gitlab-Token.' };
    return sameText(token, secret) ? undefined : { kind: 'unauthenticated', message: 'The X-Gitlab-Token is not the connection\'s webhook secret.' };
  }
  const hubSignature = header(call, 'x-hub-signature-256');
  const giteaSignature = host === 'Gitea' ? header(call, 'x-gitea-signature') : undefined;
  if (hubSignature !== undefined) {
    return signatureMatches('sha256', secret, call.body, hubSignature)
      ? undefined
      : { kind: 'unauthenticated', message: 'The X-Hub-Signature-256 signature does not match the body.' };
  }
  if (giteaSignature !== undefined) {
    return signatureMatches('sha256', secret, call.body, giteaSignature, false)
      ? undefined
      : { kind: 'unauthenticated', message: 'The X-Gitea-Signature signature does not match the body.' };
  }
  return { kind: 'unauthenticated', message: `The call is not signed: ${host === 'Gitea' ? 'X-Gitea-Signature' : 'X-Hub-Signature-256'} is missing.` };
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
