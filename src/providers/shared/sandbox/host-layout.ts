import { lstatSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';

/** A top-level system directory of the host as the sandbox shows it: bound read-only, or the same symlink. */
export type SystemEntry = { path: string; kind: 'directory' } | { path: string; kind: 'symlink'; target: string };

/**
 * What of the host a sandbox shows, looked at once at start: the system directories (read-only, so
 * the host's toolchains work: /usr/bin/node, /etc/alternatives/java…) and the host's users and groups
 * (copied into the sandbox's own /etc/passwd and /etc/group with the build's user added). /etc/shadow
 * and its kind are shown as they are: root's alone to read (0640 root:shadow), and the build's user
 * has no supplementary groups; covering each would cost the sandbox a mount per file at every start.
 */
export interface HostLayout {
  systemEntries: SystemEntry[];
  /** Where /etc/resolv.conf really is when it is a symlink out of /etc (systemd-resolved's /run/…). */
  resolvConf?: string;
  passwd: string[];
  group: string[];
}

/** /var, /home, /root, /srv, /mnt, /run are not shown: they hold the host's data, not its tools. */
const systemPaths = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt'];

export function readHostLayout(): HostLayout {
  const systemEntries: SystemEntry[] = [];
  for (const path of systemPaths) {
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) systemEntries.push({ path, kind: 'symlink', target: readlinkSync(path) });
    else if (stat.isDirectory()) systemEntries.push({ path, kind: 'directory' });
  }
  let resolvConf: string | undefined;
  try {
    if (lstatSync('/etc/resolv.conf').isSymbolicLink()) {
      const real = realpathSync('/etc/resolv.conf');
      if (!systemPaths.some((path) => real.startsWith(`${path}/`))) resolvConf = real;
    }
  } catch {
    // No resolver configuration: names resolve through /etc/hosts only, as on the host.
  }
  return {
    systemEntries,
    ...(resolvConf !== undefined ? { resolvConf } : {}),
    passwd: lines('/etc/passwd'),
    group: lines('/etc/group'),
  };
}

function lines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  } catch {
    return [];
  }
}

/** The sandbox's /etc/passwd and /etc/group: the host's, with the build's user and group in place of any of the same id or name. */
export function identityFiles(layout: HostLayout, user: { name: string; uid: number; gid: number; home: string }): { passwd: string; group: string } {
  const keep = (line: string, name: string, id: number): boolean => {
    const [lineName, , lineId] = line.split(':');
    return lineName !== name && Number(lineId) !== id;
  };
  const passwd = [...layout.passwd.filter((line) => keep(line, user.name, user.uid)), `${user.name}:x:${user.uid}:${user.gid}:Pipewright build:${user.home}:/bin/sh`];
  const group = [...layout.group.filter((line) => keep(line, user.name, user.gid)), `${user.name}:x:${user.gid}:`];
  return { passwd: `${passwd.join('\n')}\n`, group: `${group.join('\n')}\n` };
}
