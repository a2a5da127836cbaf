/**
 * A command's action, loaded when the command runs. Registering every command (and printing `--help`)
 * then loads commander alone, not the AWS SDK, the server or the template translators each action needs.
 */
export function lazyAction<Name extends string>(
  load: () => Promise<Record<Name, (...args: never[]) => unknown>>,
  name: Name,
): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const module = await load();
    // commander passes the arguments, the options and the command, as the action was written to take.
    const action = module[name] as (...args: unknown[]) => unknown;
    await action(...args);
  };
}
