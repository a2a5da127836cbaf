import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, greeting, renderPage, shortCommit } from '../src/page.js';

test('greets by name, or the world when the name is blank', () => {
  assert.equal(greeting('Ada'), 'Hello, Ada!');
  assert.equal(greeting('  '), 'Hello, world!');
  assert.equal(greeting(undefined), 'Hello, world!');
});

test('escapes what HTML would read as markup', () => {
  assert.equal(escapeHtml('<b>"Tom" & \'Jerry\'</b>'), '&#60;b&#62;&#34;Tom&#34; &#38; &#39;Jerry&#39;&#60;/b&#62;');
});

test('shows a commit id the way git shortens it', () => {
  assert.equal(shortCommit('0123456789abcdef0123456789abcdef01234567'), '0123456');
  assert.equal(shortCommit(undefined), 'unknown');
  assert.equal(shortCommit('not a commit'), 'unknown');
});

test('renders a page that names the commit and never lets a name inject markup', () => {
  const page = renderPage({ name: '<script>', commitId: 'abcdef0123456789', buildNumber: 3, builtAt: '2024-05-06T07:08:09Z' });
  assert.match(page, /<h1>Hello, &#60;script&#62;!<\/h1>/);
  assert.match(page, /commit <code>abcdef0<\/code>/);
  assert.match(page, /build #3/);
  assert.doesNotMatch(page, /<script>/);
});
