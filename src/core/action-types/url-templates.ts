/**
 * A custom action type's URL templates (`entityUrlTemplate`, `executionUrlTemplate`) made concrete for
 * one action, as CodePipeline does: `{Config:<property>}` takes the action's configuration value and
 * `{ExternalExecutionId}` the run's. Creating the type refused templates naming a secret or optional
 * property (check-custom-action-type.ts), so a link never shows a secret.
 */
export function expandUrlTemplate(template: string, configuration: Readonly<Record<string, string>>, externalExecutionId?: string): string {
  return template
    .replaceAll('{ExternalExecutionId}', encodeURIComponent(externalExecutionId ?? ''))
    .replace(/\{Config:([^}]*)\}/g, (_reference, name: string) => encodeURIComponent(configuration[name] ?? ''));
}
