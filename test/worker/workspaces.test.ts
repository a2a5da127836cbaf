import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Workspaces } from '../../src/worker/workspaces.js';

let root: string;
let made: Workspaces[] = [];
beforeEach(() => {
  root = join(mkdtempSync(join(tmpdir(), 'pw-workspaces-')), 'work');
});
afterEach(async () => {
  // Spares still being made would land in the folder while it is removed.
  await Promise.all(made.map((workspaces) => workspaces.idle()));
  made = [];
  rmSync(join(root, '..'), { recursive: true, force: true });
});

function workspacesAt(folder: string): Workspaces {
  const workspaces = new Workspaces(folder);
  made.push(workspaces);
  return workspaces;
}

const spares = (): string[] => (existsSync(join(root, '.spare')) ? readdirSync(join(root, '.spare')) : []);

describe('Workspaces', () => {
  it('makes each workspace an empty folder of its own, from the folders it made ahead once there are some', async () => {
    const workspaces = workspacesAt(root);
    workspaces.make(join(root, 'job-1'));
    expect(readdirSync(join(root, 'job-1'))).toEqual([]);
    await vi.waitFor(() => expect(spares().length).toBe(16));
    const ahead = new Set(spares().map((name) => statSync(join(root, '.spare', name)).ino));
    writeFileSync(join(root, 'job-1', 'left by job 1'), '');
    workspaces.make(join(root, 'job-2'));
    expect(readdirSync(join(root, 'job-2'))).toEqual([]);
    expect(ahead.has(statSync(join(root, 'job-2')).ino)).toBe(true);
    expect(spares().length).toBeGreaterThanOrEqual(15);
  });

  it('makes the folder itself when the ones made ahead are gone (the work root cleared at a start)', async () => {
    const workspaces = workspacesAt(root);
    workspaces.make(join(root, 'job-1'));
    await vi.waitFor(() => expect(spares().length).toBe(16));
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    workspaces.make(join(root, 'job-2'));
    expect(readdirSync(join(root, 'job-2'))).toEqual([]);
  });

  it('removes a workspace and everything in it, and only it', async () => {
    const workspaces = workspacesAt(root);
    for (const job of ['job-1', 'job-2']) {
      workspaces.make(join(root, job));
      mkdirSync(join(root, job, 'sources', 'Src'), { recursive: true });
      writeFileSync(join(root, job, 'sources', 'Src', 'buildspec.yml'), 'version: 0.2\n');
    }
    await Promise.all([workspaces.remove(join(root, 'job-1')), workspaces.remove(join(root, 'job-1', 'not-there'))]);
    expect(existsSync(join(root, 'job-1'))).toBe(false);
    expect(readdirSync(join(root, 'job-2', 'sources', 'Src'))).toEqual(['buildspec.yml']);
    await workspaces.remove(join(root, 'never-made'));
  });
});
