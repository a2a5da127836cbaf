/**
 * A mistake in what the user wrote (the action's configuration, a build project, a buildspec): the
 * action fails with failure type ConfigurationError and this message, never as a fault of Pipewright.
 */
export class BuildConfigurationError extends Error {
  override readonly name = 'BuildConfigurationError';
}

export function isBuildConfigurationError(error: unknown): error is BuildConfigurationError {
  return error instanceof BuildConfigurationError;
}
