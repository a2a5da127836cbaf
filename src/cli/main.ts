#!/usr/bin/env node
// Pipewright supports Node 20; the SDK's notice about its own future releases would print on every command.
// Set before anything loads the SDK: the imports below are dynamic for that reason.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { runProgram } = await import('./program.js');
await runProgram(process.argv);
