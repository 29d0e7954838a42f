import type {
  CouncilDocument,
  CouncilDocumentCreate,
  CouncilDocumentDetail,
  CouncilDocumentListQuery,
  CouncilDocumentUpdate,
  DocumentVersion,
  MeetingRuleRef,
  Page,
  VersionCreate,
  VersionUpdate,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium } from '../../scope.js';
import type { UploadedFile } from '../../storage/upload.js';
import { audited, changedFields } from '../shared/audited.js';
import {
  findDocument,
  findVersion,
  latestVotes,
  listDocuments,
  versionsOf,
  type DocumentRecord,
} from './council.repository.js';
import { allowedDocumentActions, EDITABLE_STATES, FILE_STATES, requireState } from './document.machine.js';
import { presentVote } from './vote.service.js';

// Documents of the council (章程, 实施方案, 例会制度, 考核办法, agreements) and their numbered
// versions. One version at a time is being drafted or voted on; the vote brings it into force.

export async function list(
  s: Services,
  p: Principal,
  q: CouncilDocumentListQuery,
): Promise<Page<CouncilDocument>> {
  return listDocuments(s.db, p, q);
}

async function record(s: Services, p: Principal, id: string): Promise<DocumentRecord> {
  const d = await findDocument(s.db, p, id);
  if (!d) throw notFound('document');
  return d;
}

export async function get(s: Services, p: Principal, id: string): Promise<CouncilDocumentDetail> {
  const d = await record(s, p, id);
  const versions = await versionsOf(s.db, id);
  const votes = await latestVotes(
    s.db,
    versions.map((v) => v.id),
  );
  const manages = managesConsortium(p, d.consortiumId);
  const out: DocumentVersion[] = [];
  for (const v of versions) {
    const vote = votes.find((x) => x.versionId === v.id);
    out.push({
      id: v.id,
      documentId: v.documentId,
      versionNo: v.versionNo,
      status: v.status,
      body: v.body,
      note: v.note,
      file: v.fileKey
        ? {
            name: v.fileName ?? 'document',
            size: v.fileSize ?? 0,
            contentType: v.fileType ?? 'application/octet-stream',
          }
        : null,
      effectiveOn: v.effectiveOn,
      supersededOn: v.supersededOn,
      createdBy: v.createdBy,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
      allowedActions: allowedDocumentActions(v.status, manages),
      vote: vote ? await presentVote(s.db, p, vote) : null,
    });
  }
  return { ...d, versions: out };
}

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: CouncilDocumentCreate,
): Promise<CouncilDocumentDetail> {
  if (!managesConsortium(p, body.consortiumId)) throw invalid('consortiumId', 'not a consortium you manage');
  const id = await audited(s, actor, async (trx) => {
    const doc = await trx
      .insertInto('councilDocuments')
      .values({ consortiumId: body.consortiumId, kind: body.kind, title: body.title })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('documentVersions')
      .values({
        consortiumId: body.consortiumId,
        documentId: doc.id,
        versionNo: 1,
        status: 'draft',
        body: body.body,
        note: body.note ?? null,
        createdBy: actor.username ?? 'system',
      })
      .execute();
    return {
      result: doc.id,
      event: {
        action: 'council_document.created',
        entityType: 'council_document',
        entityId: doc.id,
        consortiumId: doc.consortiumId,
        after: { ...doc, versionNo: 1 },
      },
    };
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: CouncilDocumentUpdate,
): Promise<CouncilDocumentDetail> {
  const current = await record(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  const diff = changedFields(current, patch);
  if (Object.keys(diff.after).length)
    await audited(s, actor, async (trx) => {
      await trx
        .updateTable('councilDocuments')
        .set({ ...patch, updatedAt: s.now().toISOString() })
        .where('id', '=', id)
        .execute();
      return {
        result: null,
        event: {
          action: 'council_document.updated',
          entityType: 'council_document',
          entityId: id,
          consortiumId: current.consortiumId,
          ...diff,
        },
      };
    });
  return get(s, p, id);
}

/** Only a document never put to the vote can go (409 otherwise): its record is the council's. */
export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await record(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  const voted = await s.db
    .selectFrom('documentVotes as dv')
    .innerJoin('documentVersions as v', 'v.id', 'dv.versionId')
    .select('dv.id')
    .where('v.documentId', '=', id)
    .executeTakeFirst();
  if (voted) throw conflict('the document has been put to the vote; it stays on record');
  const files = (await versionsOf(s.db, id)).map((v) => v.fileKey).filter((k): k is string => !!k);
  await audited(s, actor, async (trx) => {
    await trx.deleteFrom('councilDocuments').where('id', '=', id).execute();
    return {
      result: null,
      event: {
        action: 'council_document.deleted',
        entityType: 'council_document',
        entityId: id,
        consortiumId: current.consortiumId,
        before: current,
      },
    };
  });
  for (const key of files) await s.files.remove(key);
}

/** A new draft version; refused (409) while another version is a draft or being voted on. */
export async function addVersion(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: VersionCreate,
): Promise<CouncilDocumentDetail> {
  const d = await record(s, p, id);
  if (!managesConsortium(p, d.consortiumId)) throw forbidden();
  await audited(s, actor, async (trx) => {
    await trx.selectFrom('councilDocuments').select('id').where('id', '=', id).forUpdate().execute();
    const versions = await versionsOf(trx, id);
    const open = versions.find((v) => v.status === 'draft' || v.status === 'voting');
    if (open) throw conflict(`version ${open.versionNo} is still ${open.status}`);
    const versionNo = (versions[0]?.versionNo ?? 0) + 1;
    const row = await trx
      .insertInto('documentVersions')
      .values({
        consortiumId: d.consortiumId,
        documentId: id,
        versionNo,
        status: 'draft',
        body: body.body,
        note: body.note ?? null,
        createdBy: actor.username ?? 'system',
      })
      .returning(['id', 'versionNo'])
      .executeTakeFirstOrThrow();
    return {
      result: null,
      event: {
        action: 'document_version.created',
        entityType: 'document_version',
        entityId: row.id,
        consortiumId: d.consortiumId,
        after: { documentId: id, versionNo, note: body.note ?? null },
      },
    };
  });
  return get(s, p, id);
}

export async function getVersion(s: Services, p: Principal, id: string) {
  const v = await findVersion(s.db, p, id);
  if (!v) throw notFound('document version');
  return v;
}

export async function updateVersion(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: VersionUpdate,
): Promise<CouncilDocumentDetail> {
  const v = await getVersion(s, p, id);
  if (!managesConsortium(p, v.consortiumId)) throw forbidden();
  requireState(v.status, EDITABLE_STATES, 'edit');
  const diff = changedFields(v, patch);
  if (Object.keys(diff.after).length)
    await audited(s, actor, async (trx) => {
      const n = await trx
        .updateTable('documentVersions')
        .set({ ...patch, updatedAt: s.now().toISOString() })
        .where('id', '=', id)
        .where('status', 'in', EDITABLE_STATES)
        .executeTakeFirst();
      if (!n.numUpdatedRows) throw conflict('the version is no longer a draft');
      return {
        result: null,
        event: {
          action: 'document_version.updated',
          entityType: 'document_version',
          entityId: id,
          consortiumId: v.consortiumId,
          ...diff,
        },
      };
    });
  return get(s, p, v.documentId);
}

export async function attachFile(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  file: UploadedFile,
): Promise<CouncilDocumentDetail> {
  const v = await getVersion(s, p, id);
  if (!managesConsortium(p, v.consortiumId)) throw forbidden();
  requireState(v.status, FILE_STATES, 'attach a file to');
  const key = await s.files.put(file.data, file.ext);
  try {
    await audited(s, actor, async (trx) => {
      await trx
        .updateTable('documentVersions')
        .set({
          fileKey: key,
          fileName: file.name,
          fileSize: file.data.length,
          fileType: file.type,
          updatedAt: s.now().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      return {
        result: null,
        event: {
          action: 'document_version.file_attached',
          entityType: 'document_version',
          entityId: id,
          consortiumId: v.consortiumId,
          before: { fileName: v.fileName },
          after: { fileName: file.name, fileSize: file.data.length, fileType: file.type },
        },
      };
    });
  } catch (err) {
    await s.files.remove(key);
    throw err;
  }
  if (v.fileKey) await s.files.remove(v.fileKey);
  return get(s, p, v.documentId);
}

export async function readFile(s: Services, p: Principal, id: string) {
  const v = await getVersion(s, p, id);
  if (!v.fileKey) throw notFound('file');
  return {
    name: v.fileName ?? 'document',
    type: v.fileType ?? 'application/octet-stream',
    data: await s.files.get(v.fileKey),
  };
}

/** Meeting rules (例会制度) in force, for meetings that follow one (meetings keep its document id). */
export async function meetingRules(
  s: Services,
  p: Principal,
  consortiumId?: string,
): Promise<MeetingRuleRef[]> {
  let qb = s.db
    .selectFrom('councilDocuments as d')
    .innerJoin('documentVersions as v', 'v.documentId', 'd.id')
    .select([
      'd.id as documentId',
      'v.id as versionId',
      'd.consortiumId',
      'd.title',
      'v.versionNo',
      'v.effectiveOn',
    ])
    .where('d.kind', '=', 'meeting_rule')
    .where('v.status', '=', 'in_force')
    .where(consortiumVisible(p, 'd.consortiumId'));
  if (consortiumId) qb = qb.where('d.consortiumId', '=', consortiumId);
  return qb.orderBy('d.title').execute();
}
