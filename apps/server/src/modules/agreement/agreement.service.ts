import {
  type Agreement,
  type AgreementCreate,
  type AgreementListQuery,
  type AgreementUpdate,
  type Page,
} from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import type { UploadedFile } from '../../storage/upload.js';
import { managesConsortium } from '../../scope.js';
import { audited, deleteAudited, insertAudited, updateAudited } from '../shared/audited.js';
import { assertMembers } from '../shared/members.js';
import { todayInChina } from '../shared/paginate.js';
import { findAgreement, listAgreements, type AgreementRecord } from './agreement.repository.js';

function statusOf(a: AgreementRecord, today = todayInChina()): Agreement['status'] {
  if (a.expiresOn && a.expiresOn < today) return 'expired';
  if ((a.effectiveOn ?? a.signedOn) > today) return 'pending';
  return 'active';
}

function present(a: AgreementRecord): Agreement {
  const { documentKey, documentName, documentSize, documentType, ...rest } = a;
  return {
    ...rest,
    parties: a.parties.map((x) => ({ institutionId: x.institutionId ?? null, name: x.name })),
    document:
      documentKey && documentName
        ? {
            name: documentName,
            size: documentSize ?? 0,
            contentType: documentType ?? 'application/octet-stream',
          }
        : null,
    status: statusOf(a),
  };
}

export async function list(s: Services, p: Principal, q: AgreementListQuery): Promise<Page<Agreement>> {
  const page = await listAgreements(s.db, p, q);
  return { ...page, items: page.items.map(present) };
}

async function getRecord(s: Services, p: Principal, id: string) {
  const a = await findAgreement(s.db, p, id);
  if (!a) throw notFound('agreement');
  return a;
}

export async function get(s: Services, p: Principal, id: string): Promise<Agreement> {
  return present(await getRecord(s, p, id));
}

/** A party is a member of the consortium (now or when it signed) or an outside body without an id. */
async function normaliseParties(s: Services, consortiumId: string, parties: AgreementCreate['parties']) {
  await assertMembers(
    s.db,
    consortiumId,
    parties.map((x) => x.institutionId),
    (i) => `parties.${i}.institutionId`,
    { current: false },
  );
  return JSON.stringify(parties.map((x) => ({ institutionId: x.institutionId ?? null, name: x.name })));
}

const target = (consortiumId: string) => ({
  table: 'agreements' as const,
  entityType: 'agreement',
  consortiumId,
});

export async function create(
  s: Services,
  p: Principal,
  actor: Actor,
  body: AgreementCreate,
): Promise<Agreement> {
  if (!managesConsortium(p, body.consortiumId)) throw invalid('consortiumId', 'not a consortium you manage');
  const parties = await normaliseParties(s, body.consortiumId, body.parties);
  const id = await insertAudited(s, actor, target(body.consortiumId), {
    ...body,
    parties,
    effectiveOn: body.effectiveOn ?? null,
    expiresOn: body.expiresOn ?? null,
    summary: body.summary ?? null,
  });
  return get(s, p, id);
}

export async function update(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  patch: AgreementUpdate,
): Promise<Agreement> {
  const current = await getRecord(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  const signedOn = patch.signedOn ?? current.signedOn;
  const expiresOn = patch.expiresOn === undefined ? current.expiresOn : patch.expiresOn;
  if (expiresOn && expiresOn < signedOn) throw invalid('expiresOn', 'must not be before signedOn');
  const { parties, ...rest } = patch;
  const values = {
    ...rest,
    ...(parties ? { parties: await normaliseParties(s, current.consortiumId, parties) } : {}),
  };
  await updateAudited(s, actor, { ...target(current.consortiumId), id, current, patch, values });
  return get(s, p, id);
}

export async function remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void> {
  const current = await getRecord(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  await deleteAudited(s, actor, { ...target(current.consortiumId), id, before: current });
  if (current.documentKey) await s.files.remove(current.documentKey);
}

export async function attachDocument(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  file: UploadedFile,
): Promise<Agreement> {
  const current = await getRecord(s, p, id);
  if (!managesConsortium(p, current.consortiumId)) throw forbidden();
  const { name, type } = file;
  const key = await s.files.put(file.data, file.ext);
  try {
    await audited(s, actor, async (trx) => {
      await trx
        .updateTable('agreements')
        .set({
          documentKey: key,
          documentName: name,
          documentSize: file.data.length,
          documentType: type,
          updatedAt: new Date().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      return {
        result: null,
        event: {
          action: 'agreement.document_attached',
          entityType: 'agreement',
          entityId: id,
          consortiumId: current.consortiumId,
          before: { documentName: current.documentName },
          after: { documentName: name, documentSize: file.data.length, documentType: type },
        },
      };
    });
  } catch (err) {
    await s.files.remove(key);
    throw err;
  }
  if (current.documentKey) await s.files.remove(current.documentKey);
  return get(s, p, id);
}

export async function readDocument(s: Services, p: Principal, id: string) {
  const a = await getRecord(s, p, id);
  if (!a.documentKey) throw notFound('document');
  return {
    name: a.documentName ?? 'agreement',
    type: a.documentType ?? 'application/octet-stream',
    data: await s.files.get(a.documentKey),
  };
}
