/**
 * The body of the SQLite writer thread (see sqlite-thread-driver.ts), as plain JavaScript run with
 * `eval`: the thread then needs no TypeScript loader, under tsx, vitest and the build alike. It owns the
 * one connection that writes, runs each statement (or batch of statements, as one transaction) it is
 * sent, in order, and answers with the rows or the error. It checkpoints the write-ahead log itself
 * (SQLite's automatic checkpoint runs inside the commit that crosses 1000 pages), so the copy and its
 * fsync never hold up the thread that serves requests, and it runs at a lower priority than that thread.
 * Its statement cache is statement-cache.ts's, written again: code run with `eval` cannot import the
 * TypeScript module.
 */
export const writerThreadSource = `
const { parentPort, workerData } = require('node:worker_threads');
// The serving thread answers people; this one's work can wait a little. When both want a core (a few
// cores shared with builds and GC), the kernel should pick the serving thread: a lower priority for this
// thread alone. Only Linux keeps a priority per thread (elsewhere this would lower the whole process);
// a system that forbids it only loses the preference.
if (process.platform === 'linux') {
  try {
    const os = require('node:os');
    os.setPriority(0, Math.min(19, os.getPriority(0) + 10));
  } catch {}
}
const Database = require(workerData.driver);
const db = new Database(workerData.path);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const statements = new Map();
const prepare = (sql) => {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
    if (statements.size > 512) statements.delete(statements.keys().next().value);
  }
  return statement;
};
const asParameter = (value) => (value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value);
const answerError = (id, error) =>
  parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
// A transaction known in advance, in one go: a guarded statement that returns no row rolls it all back.
const runBatch = ({ id, batch }) => {
  try {
    prepare('begin').run();
    for (const { sql, parameters, guard } of batch) {
      const statement = prepare(sql);
      const values = parameters.map(asParameter);
      // A guarded statement's rows (RETURNING) only say that its WHERE still held: none go back.
      const result = statement.reader ? statement.all(values) : (statement.run(values), []);
      if (guard !== undefined && result.length === 0) {
        prepare('rollback').run();
        parentPort.postMessage({ id, failedGuard: guard });
        return;
      }
    }
    prepare('commit').run();
    parentPort.postMessage({ id });
  } catch (error) {
    if (db.inTransaction) prepare('rollback').run();
    answerError(id, error);
  }
};
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  if (message.batch) {
    runBatch(message);
    return;
  }
  try {
    const statement = prepare(message.sql);
    const parameters = message.parameters.map(asParameter);
    if (statement.reader) {
      parentPort.postMessage({ id: message.id, rows: statement.all(parameters) });
    } else {
      const { changes, lastInsertRowid } = statement.run(parameters);
      parentPort.postMessage({ id: message.id, rows: [], changes, lastInsertRowid: Number(lastInsertRowid) });
    }
  } catch (error) {
    answerError(message.id, error);
  }
});
`;
