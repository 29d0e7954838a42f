import path from 'node:path';
import type { Config } from '../config.js';
import type { Database } from '../db/connection.js';
import { verifyAuditChain } from '../audit/audit.js';
import { archiveCheckpoints, checkpointStore, writeCheckpoint } from '../audit/checkpoint.js';
import { backupTo } from './backup.js';
import { hasRecords, restoreFrom, RestoreError } from './restore.js';

// The shell side of backup and restore: messages and exit codes.

export async function backupCommand(d: Database, config: Config, file: string): Promise<number> {
  const started = performance.now();
  const r = await backupTo(d.db, path.join(config.dataDir, 'files'), path.resolve(file));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Backed up ${r.rows} rows of ${r.tables} tables and ${r.files} documents to ${file} (${seconds} s).`,
  );
  return 0;
}

export async function restoreCommand(
  d: Database,
  config: Config,
  file: string,
  yes: boolean,
): Promise<number> {
  // Restoring over live records destroys them: ask for it in so many words.
  if (!yes && (await hasRecords(d.db))) {
    console.error('This database has records; restore replaces them all. Run again with --yes to do so.');
    return 1;
  }
  try {
    const r = await restoreFrom(d.db, path.join(config.dataDir, 'files'), path.resolve(file));
    const audit = await verifyAuditChain(d.db);
    console.log(`Restored ${r.rows} rows and ${r.files} documents from ${file}.`);
    if (!audit.ok) {
      console.error(`Audit trail BROKEN at row ${audit.firstBad!.id}: ${audit.firstBad!.reason}`);
      return 1;
    }
    console.log(`Audit trail intact: ${audit.rows} rows verified.`);
    // The restored trail starts a new series of signed checkpoints; the old series is kept.
    const store = checkpointStore(config);
    const kept = archiveCheckpoints(store, new Date(), 'before-restore');
    if (kept) console.log(`The checkpoints of the trail before the restore are kept in ${kept}.`);
    const cp = (await writeCheckpoint(d.db, store, new Date()))!;
    console.log(`Signed a checkpoint of the restored trail (${cp.rows} rows) in ${store.file}.`);
    return 0;
  } catch (err) {
    if (err instanceof RestoreError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}
