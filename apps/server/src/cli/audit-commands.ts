import path from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../context.js';
import { verifyAuditChain } from '../audit/audit.js';
import {
  CheckpointRefused,
  checkpointStore,
  latest,
  readCheckpoints,
  writeCheckpoint,
} from '../audit/checkpoint.js';

// `yilian audit verify` and `yilian audit checkpoint`: messages and exit codes.

/** Checks the chain, and the chain against every signed checkpoint in the file. */
export async function auditVerifyCommand(db: Db, config: Config, file?: string): Promise<number> {
  const store = checkpointStore(config, file ? path.resolve(file) : undefined);
  const read = readCheckpoints(store);
  for (const p of read.problems) console.error(`Checkpoint file ${store.file}, ${p}`);
  const result = await verifyAuditChain(db, read.checkpoints);
  if (!result.ok) {
    console.error(`Audit trail BROKEN at row ${result.firstBad!.id}: ${result.firstBad!.reason}`);
    return 1;
  }
  const last = latest(read.checkpoints);
  console.log(
    last
      ? `Audit trail intact: ${result.rows} rows verified, in agreement with ${result.checkpoints} signed checkpoints (the latest of ${last.at}, at row ${last.lastId}).`
      : `Audit trail intact: ${result.rows} rows verified. No signed checkpoint in ${store.file}: the newest rows could be deleted, or the chain re-hashed, unseen. Run \`yilian audit checkpoint\`.`,
  );
  return read.problems.length ? 1 : 0;
}

/** Signs the chain's head now, appends it to the checkpoint file and prints it to copy elsewhere. */
export async function auditCheckpointCommand(db: Db, config: Config): Promise<number> {
  const store = checkpointStore(config);
  try {
    const cp = (await writeCheckpoint(db, store, new Date()))!;
    console.log(JSON.stringify(cp));
    console.error(`Signed: ${cp.rows} rows, head row ${cp.lastId}; appended to ${store.file}.`);
    return 0;
  } catch (err) {
    if (err instanceof CheckpointRefused) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}
