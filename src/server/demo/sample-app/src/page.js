// The logic the pipeline's Build stage tests: what the deployed page says, and that it says it safely.

/** Text made safe to put inside HTML. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A greeting for the page's heading; a blank name greets the world. */
export function greeting(name) {
  const trimmed = String(name ?? '').trim();
  return `Hello, ${trimmed === '' ? 'world' : trimmed}!`;
}

/** The short form of a commit id, as git shows it; "unknown" outside a pipeline. */
export function shortCommit(commitId) {
  return /^[0-9a-f]{7,64}$/i.test(commitId ?? '') ? commitId.slice(0, 7) : 'unknown';
}

/** The whole page: the greeting, and which commit and build made it. */
export function renderPage({ name, commitId, buildNumber, builtAt }) {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(greeting(name))}</title>
  <style>body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5 }</style>
</head>
<body>
  <h1>${escapeHtml(greeting(name))}</h1>
  <p>Deployed by Pipewright's demo pipeline: commit <code>${escapeHtml(shortCommit(commitId))}</code>,
     build #${escapeHtml(buildNumber ?? '?')}, built ${escapeHtml(builtAt)}.</p>
  <p>Change <code>src/page.js</code> or <code>site.json</code>, push, and watch the pipeline deploy it again.</p>
</body>
</html>
`;
}
