import { basename } from 'node:path';

/**
 * The Docker-compatible engine CodeBuild images run in, read once with the sandbox's settings
 * (ServerConfig.sandbox.container; README, "Builds in a sandbox"). Unset: no engine, every build runs
 * in the host's sandbox and its log names the image it asked for.
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | PIPEWRIGHT_CONTAINER_ENGINE | the engine's command-line client: `podman`, `docker` (which honours DOCKER_HOST, so a Podman or Docker socket), or a path to one | none |
 * | PIPEWRIGHT_CONTAINER_RUNTIME | the OCI runtime the engine starts containers with (`runc` where crun cannot: "cgroups in hybrid mode not supported"); podman's Docker API ignores it (set it on the service) | the engine's |
 */
export interface ContainerEngineSettings {
  /** The client's command (a name looked up in PATH, or a path). */
  engine: string;
  /** Which client's options to speak: they differ in `rm` (podman's --ignore and -t). */
  flavour: 'podman' | 'docker';
  runtime?: string;
  /** The server's variables the client itself needs (its search path, socket, configuration), taken when the settings are read; a build's never reach it. */
  clientEnvironment: Readonly<Record<string, string>>;
}

/** What the engine's client reads from its environment; nothing else of the server's is given to it. */
const clientVariables = ['PATH', 'HOME', 'DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_CONTEXT', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY', 'CONTAINER_HOST', 'CONTAINER_CONNECTION', 'CONTAINERS_CONF', 'CONTAINERS_STORAGE_CONF', 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'TMPDIR'];

export function readContainerSettings(env: Readonly<Record<string, string | undefined>>): ContainerEngineSettings | undefined {
  const engine = env.PIPEWRIGHT_CONTAINER_ENGINE?.trim();
  if (engine === undefined || engine === '') return undefined;
  const runtime = env.PIPEWRIGHT_CONTAINER_RUNTIME?.trim();
  const clientEnvironment: Record<string, string> = {};
  for (const name of clientVariables) {
    const value = env[name];
    if (value !== undefined) clientEnvironment[name] = value;
  }
  return {
    engine,
    flavour: basename(engine).includes('podman') ? 'podman' : 'docker',
    ...(runtime !== undefined && runtime !== '' ? { runtime } : {}),
    clientEnvironment,
  };
}

/** Whether `name` is one the engine's client reads: a build's variable of that name must not reach the client. */
export function isClientVariable(name: string): boolean {
  return clientVariables.includes(name) || /^(DOCKER|CONTAINERS?|PODMAN|BUILDAH|STORAGE|XDG|REGISTRIES)_/.test(name);
}
