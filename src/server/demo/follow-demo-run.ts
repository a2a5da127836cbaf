import type { Logger } from 'pino';
import type { EngineSignals } from '../../engine/engine-signals.js';
import { demoNames } from './demo-names.js';

export interface DemoReporter {
  /** A line for the person who ran `npm start` (stdout, beside the JSON log lines). */
  print(line: string): void;
  logger: Logger;
}

/**
 * Tells the user what the demo's first run needs from them, as it happens: that the approval waits
 * (with how long the run took to get there), then where the deployed page is, or that the run ended
 * otherwise. Listens to the engine's signals (no polling) until that first run ends; returns the
 * function that stops listening.
 */
export function followDemoRun(signals: EngineSignals, options: { serverUrl: string; dataDir: string; reporter: DemoReporter; startedAt: number }): () => void {
  const { serverUrl, dataDir, reporter, startedAt } = options;
  const pipelineUrl = `${serverUrl}/pipelines/${demoNames.pipeline}`;
  const seconds = (): number => Math.round((Date.now() - startedAt) / 100) / 10;
  let executionId: string | undefined;
  let approvalAnnounced = false;

  const stopApprovals = signals.on('approvalRequested', (request) => {
    if (request.pipelineName !== demoNames.pipeline || approvalAnnounced || (executionId !== undefined && request.executionId !== executionId)) return;
    approvalAnnounced = true;
    reporter.logger.info({ pipeline: demoNames.pipeline, executionId: request.executionId, secondsSinceStart: seconds() }, 'demo waits for approval');
    reporter.print(
      `The demo's build passed its unit tests (${seconds()} s since start) and waits for your approval: open ${pipelineUrl}, ` +
        `click Review on "${demoNames.approvalAction}", choose Approve and Submit.`,
    );
  });

  const stopChanges = signals.on('stateChanged', ({ pipelineName, changes }) => {
    if (pipelineName !== demoNames.pipeline) return;
    for (const change of changes) {
      executionId ??= change.executionId;
      if (change.executionId !== executionId) continue;
      if (change.entity === 'stage' && change.stageName === demoNames.deployStage && change.state === 'SUCCEEDED') {
        const site = `${serverUrl}/sites/${demoNames.bucket}/`;
        reporter.logger.info({ pipeline: demoNames.pipeline, executionId, site, secondsSinceStart: seconds() }, 'demo deployed');
        reporter.print(`The demo is deployed: open ${site} (the files are in ${dataDir}/buckets/${demoNames.bucket}/).`);
      }
      if (change.entity === 'pipeline' && change.state !== 'STARTED' && change.state !== 'RESUMED' && change.state !== 'STOPPING') {
        if (change.state !== 'SUCCEEDED') {
          reporter.print(`The demo's run ended ${change.state}: see ${pipelineUrl}/executions/${executionId} for why.`);
        }
        stop();
        return;
      }
    }
  });

  const stop = (): void => {
    stopApprovals();
    stopChanges();
  };
  return stop;
}
