import type { ArtifactSpec, PrimaryArtifactSpec } from '../buildspec/types.js';

/**
 * Which part of the buildspec's `artifacts` makes each output artifact of the action: the
 * secondary artifact whose identifier is the output's name, else the primary `artifacts` (for the
 * first output without a secondary of its name). An output that finds neither is an error message.
 */
export function artifactSpecsFor(outputs: readonly string[], spec: PrimaryArtifactSpec | undefined): { specs: Map<string, ArtifactSpec>; error?: string } {
  const specs = new Map<string, ArtifactSpec>();
  if (outputs.length === 0) return { specs };
  if (spec === undefined) {
    return { specs, error: `the buildspec has no artifacts section, but the action declares output artifact${outputs.length > 1 ? 's' : ''} ${outputs.join(', ')}` };
  }
  let primaryUsed = false;
  for (const output of outputs) {
    const secondary = spec.secondaryArtifacts[output];
    if (secondary !== undefined) specs.set(output, secondary);
    else if (!primaryUsed) {
      specs.set(output, spec);
      primaryUsed = true;
    } else {
      return { specs, error: `no secondary-artifacts entry named ${output} in the buildspec for output artifact ${output}` };
    }
  }
  return { specs };
}
