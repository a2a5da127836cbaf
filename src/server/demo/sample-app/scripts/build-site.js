// Builds the static site into the folder named on the command line, from site.json and src/page.js.
// In a build, CodeBuild's variables say which commit and build this is.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { renderPage } from '../src/page.js';

const output = process.argv[2] ?? 'public';
const site = JSON.parse(readFileSync('site.json', 'utf8'));
mkdirSync(output, { recursive: true });
const page = renderPage({
  name: site.name,
  commitId: process.env.CODEBUILD_RESOLVED_SOURCE_VERSION,
  buildNumber: process.env.CODEBUILD_BUILD_NUMBER,
  builtAt: new Date().toISOString(),
});
writeFileSync(join(output, 'index.html'), page);
console.log(`Wrote ${join(output, 'index.html')} (${Buffer.byteLength(page)} bytes)`);
