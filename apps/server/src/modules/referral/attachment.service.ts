import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, notFound } from '../../errors.js';
import type { UploadedFile } from '../../storage/upload.js';
import { referralVisible } from './referral.repository.js';
import { getRecord, sidesOf } from './referral.service.js';

/** Reports, images and letters that go with a referral: stored in the file store, listed here. */
export const REFERRAL_ATTACHMENT_MAX_MB = 20;

export const attachment = z.object({
  id: z.uuid(),
  referralId: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});
const columns = ['id', 'referralId', 'name', 'contentType', 'size', 'uploadedBy', 'createdAt'] as const;

export async function list(s: Services, p: Principal, referralId: string) {
  await getRecord(s, p, referralId);
  return s.db
    .selectFrom('referralAttachments')
    .select(columns)
    .where('referralId', '=', referralId)
    .orderBy('createdAt')
    .execute();
}

/** Only the sending and receiving staff add attachments. */
export async function add(s: Services, p: Principal, actor: Actor, referralId: string, file: UploadedFile) {
  const r = await getRecord(s, p, referralId);
  if (sidesOf(p, r).size === 0) throw forbidden('Only the sending and receiving staff may attach documents');
  const key = await s.files.put(file.data, file.ext);
  try {
    return await s.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('referralAttachments')
        .values({
          referralId,
          consortiumId: r.consortiumId,
          fileKey: key,
          name: file.name,
          contentType: file.type,
          size: file.data.length,
          uploadedBy: p.displayName,
        })
        .returning(columns)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'referral.attachment_added',
        entityType: 'referral',
        entityId: referralId,
        consortiumId: r.consortiumId,
        institutionId: p.institutionId,
        after: { name: file.name, type: file.type, size: file.data.length },
      });
      return row;
    });
  } catch (err) {
    await s.files.remove(key);
    throw err;
  }
}

export async function read(s: Services, p: Principal, id: string) {
  const row = await s.db
    .selectFrom('referralAttachments as a')
    .innerJoin('referrals as r', 'r.id', 'a.referralId')
    .select(['a.fileKey', 'a.name', 'a.contentType'])
    .where('a.id', '=', id)
    .where(referralVisible(p))
    .executeTakeFirst();
  if (!row) throw notFound('attachment');
  return { name: row.name, type: row.contentType, data: await s.files.get(row.fileKey) };
}
