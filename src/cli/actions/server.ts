import { resolveServerConfig } from '../../server/config.js';
import { dataDirIsNew, startQuickstartDemo } from '../../server/demo/quickstart-demo.js';
import { createLogger } from '../../server/logger.js';
import { startServer } from '../../server/start-server.js';
import { credentialsProfile } from '../../server/identity/root-credentials.js';
import { ExitCode } from '../exit-codes.js';
import { stopOnSignals } from '../stop-on-signals.js';

/** `pipewright server`: starts the server in this process, stops it on SIGTERM or SIGINT. */
export const serverAction = async (options: { host?: string; port?: number; dataDir?: string; databaseUrl?: string; publicUrl?: string; demo?: boolean; auth?: string }) => {
      let config;
      try {
        config = resolveServerConfig(options);
      } catch (error) {
        // A setting the server refuses (--auth none on a public host, a bad variable): say why, no stack.
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = ExitCode.usage;
        return;
      }
      const logger = createLogger(config.logLevel);
      // Decided before the server creates its store in the data directory.
      const seedDemo = config.demo && (await dataDirIsNew(config));
      if (config.demo && !seedDemo) logger.info({ dataDir: config.dataDir }, 'the data directory is in use: no demo');
      const starting = startServer(config, { logger });
      const signals = stopOnSignals(starting, logger);
      let server: Awaited<typeof starting>;
      try {
        server = await starting;
      } catch (error) {
        // What stops a start (a damaged store, a port in use…) says what to do: the message, not a stack.
        process.stderr.write(`pipewright server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      }
      if (signals.stopping()) return;
      if (server.rootCredentials !== undefined) {
        const file = server.rootCredentials.file;
        process.stdout.write(
          `Root credentials of this server written to ${file} (profile ${credentialsProfile}). Use them with:\n` +
            `  export AWS_SHARED_CREDENTIALS_FILE=${file} AWS_PROFILE=${credentialsProfile}\n`,
        );
      }
      if (seedDemo) await startQuickstartDemo(server, config, { logger, print: (line) => process.stdout.write(`${line}\n`) });
    };
