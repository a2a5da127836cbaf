import { fileURLToPath } from 'node:url';

/** What the quickstart demo creates, by name: one repository, one pipeline, one bucket. */
export const demoNames = {
  repository: 'demo-app',
  pipeline: 'demo',
  /** The CodeBuild project: none is declared under `projects/`, so it is CodeBuild's default (buildspec.yml). */
  buildProject: 'demo-app',
  bucket: 'demo-site',
  approvalStage: 'Approve',
  approvalAction: 'Approve',
  deployStage: 'Deploy',
  /** The pipeline's role: its build runs as it (created on first use in local mode, by seed-demo.ts in iam mode). */
  role: 'pipewright-demo',
} as const;

/**
 * The sample application's files, committed as they are. Read from the package's sources whether this
 * module runs from src/ or from dist/ (both three folders below the package root), as the console is.
 */
export const sampleAppDir = fileURLToPath(new URL('../../../src/server/demo/sample-app/', import.meta.url));
