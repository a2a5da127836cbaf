import { apiJson } from './api-fetch.js';
import type { Connection } from './connection.js';

/** A git repository the server hosts (at `/git/<name>`), what CodeCommit sources read. */
export interface HostedRepository {
  name: string;
  bare: boolean;
  defaultBranch: string;
  cloneUrl: string;
}

export async function createRepository(connection: Connection, name: string): Promise<HostedRepository> {
  return apiJson<HostedRepository>(connection, '/api/repos', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
}

export async function listRepositories(connection: Connection): Promise<{ repositories: HostedRepository[] }> {
  return apiJson<{ repositories: HostedRepository[] }>(connection, '/api/repos');
}
