import type { Bundle, BundleEntry, Patient } from '@medplum/fhirtypes';
import { maskIdNumber, type IdDocumentType } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services } from '../../context.js';
import { AppError } from '../../errors.js';
import { idTypeOfSystem, URI } from './fhir.codes.js';
import { findMatchCandidates, type PatientRow } from './fhir.repository.js';
import { patient } from './fhir.resources.js';
import type { ParamSpec } from './fhir.search.js';

// Finding people and referrals by identifier, exactly: the `identifier` search parameters (a
// masked or partial number matches nothing, a parameter never matches everything by being
// ignored) and Patient/$match, which scores the patients of the referrals the caller sees.

// ---------------------------------------------------------------------------------------------
// identifier search parameters: `system|value`, `|value` (no system: none here), `value` (any
// system), `system|` (any value of the system). Each criterion value is a JSON tuple the
// repository reads.

/** One `identifier` token: its system (undefined: any) and value ('' : any value of the system). */
function tokens(values: string[]): { system: string | undefined; value: string }[] {
  return values.flatMap((v) => {
    const bar = v.indexOf('|');
    const t =
      bar < 0 ? { system: undefined, value: v } : { system: v.slice(0, bar), value: v.slice(bar + 1) };
    return t.system === '' && t.value === '' ? [] : [t];
  });
}

const tuple = (...parts: (string | null)[]) => JSON.stringify(parts);

/** ServiceRequest and Task: Yilian's referral number, or the sending system's order number. */
export function referralIdentifierParam<F extends string>(field: F): ParamSpec<F> {
  return {
    name: 'identifier',
    type: 'token',
    documentation:
      `The referral number (${URI.referralCode}|ZZyyyymmdd-nnnnnn) or the sending system's order ` +
      'number (its system|value, as ServiceRequest.identifier carries it)',
    parse: (values) => ({
      field,
      values: tokens(values).flatMap(({ system, value }) => {
        if (system === '') return []; // every identifier here has a system
        if (system === URI.referralCode) return value ? [tuple('code', value)] : [tuple('all')];
        if (system !== undefined) return [tuple('sender', system, value || null)];
        return [tuple('code', value), tuple('sender', null, value)];
      }),
    }),
  };
}

const RESIDENT_SYSTEMS = new Set<string>([URI.residentId, URI.residentIdPrevious]);

/**
 * Patient: the identity document or insurance number, exactly (the number as registered, in
 * capitals). A masked or partial number matches nothing: guessing stays behind the audited reveal.
 */
export function patientIdentifierParam<F extends string>(field: F): ParamSpec<F> {
  return {
    name: 'identifier',
    type: 'token',
    documentation:
      `Identity document (${URI.residentId}|<居民身份证号>, or the previous ${URI.residentIdPrevious}) or ` +
      `medical insurance number (${URI.insuranceNo}|…): the full number, exactly; masked values match nothing`,
    parse: (values) => ({
      field,
      values: tokens(values).flatMap(({ system, value }) => {
        if (!value || value.includes('*') || system === '') return [];
        const v = value.trim().toUpperCase();
        if (system === undefined) return [tuple('id', null, v), tuple('insurance', value.trim())];
        if (system === URI.insuranceNo) return [tuple('insurance', value.trim())];
        const idType: IdDocumentType | undefined = RESIDENT_SYSTEMS.has(system)
          ? 'resident_id'
          : idTypeOfSystem(system);
        return idType ? [tuple('id', idType, v)] : [];
      }),
    }),
  };
}

/** Organization: Yilian's code, the 统一社会信用代码 or the 执业许可证登记号. */
export function organizationIdentifierParam<F extends string>(field: F): ParamSpec<F> {
  const kinds: Record<string, string> = {
    [URI.institutionCode]: 'code',
    [URI.uscc]: 'uscc',
    [URI.medicalLicense]: 'license',
  };
  return {
    name: 'identifier',
    type: 'token',
    documentation: `Institution code (${URI.institutionCode}|…), 统一社会信用代码 (${URI.uscc}|…) or 医疗机构执业许可证登记号 (${URI.medicalLicense}|…)`,
    parse: (values) => ({
      field,
      values: tokens(values).flatMap(({ system, value }) => {
        if (system === '') return [];
        const v = value.trim();
        if (system === undefined)
          return v ? Object.values(kinds).map((k) => tuple(k, k === 'code' ? v : v.toUpperCase())) : [];
        const kind = kinds[system];
        if (!kind) return [];
        return [tuple(kind, v ? (kind === 'code' ? v : v.toUpperCase()) : null)];
      }),
    }),
  };
}

/** Practitioner: the 执业证书编码, or an identifier an import kept as sent. */
export function practitionerIdentifierParam<F extends string>(field: F): ParamSpec<F> {
  return {
    name: 'identifier',
    type: 'token',
    documentation: `执业证书编码 (${URI.practitionerLicense}|…), or an identifier a sending system gave`,
    parse: (values) => ({
      field,
      values: tokens(values).flatMap(({ system, value }) => {
        if (system === '') return [];
        const v = value.trim();
        if (system === undefined) return v ? [tuple('license', v.toUpperCase()), tuple('kept', null, v)] : [];
        if (system === URI.practitionerLicense) return [tuple('license', v ? v.toUpperCase() : null)];
        return [tuple('kept', system, v || null)];
      }),
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Patient/$match

type Grade = 'certain' | 'probable' | 'possible';

const sameName = (a: string, b: string) =>
  a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

/**
 * How well a registered patient matches the one asked about: the identity number weighs most,
 * then the name, the birth date, sex and phone. Certain: the same identity number and name;
 * probable: the same number, or the same name and birth date; possible: the name alone.
 */
export function score(
  asked: {
    ids: { idType: IdDocumentType; value: string }[];
    name?: string;
    birthDate?: string;
    gender?: string;
    phone?: string;
  },
  row: Pick<PatientRow, 'idType' | 'idNumber' | 'name' | 'birthDate' | 'sex' | 'phone'>,
): { score: number; grade: Grade } | undefined {
  const id = asked.ids.some((i) => i.idType === row.idType && i.value === row.idNumber);
  const name = !!asked.name && sameName(asked.name, row.name);
  const birth = !!asked.birthDate && asked.birthDate === row.birthDate;
  const sex = !!asked.gender && asked.gender === row.sex;
  const phone =
    !!asked.phone && !!row.phone && asked.phone.replace(/\D/g, '') === row.phone.replace(/\D/g, '');
  const total =
    (id ? 0.6 : 0) + (name ? 0.25 : 0) + (birth ? 0.1 : 0) + (sex ? 0.03 : 0) + (phone ? 0.02 : 0);
  const grade: Grade | undefined =
    id && name ? 'certain' : id || (name && birth) ? 'probable' : name ? 'possible' : undefined;
  return grade ? { score: Math.round(total * 100) / 100, grade } : undefined;
}

interface Parameter {
  name?: string;
  resource?: Patient;
  valueInteger?: number;
  valueBoolean?: boolean;
}

function invalidParameters(at: string, message: string) {
  return new AppError('validation_failed', `${at}: ${message}`, [{ field: at, message }]);
}

/**
 * POST Patient/$match with a Parameters body (resource: a Patient; count; onlyCertainMatches):
 * a searchset of the registered patients the caller sees (those of referrals they see), each
 * with search.score and the match-grade extension, best first. A lookup by identity number is
 * audited (the number masked), as the REST lookup is.
 */
export async function matchPatients(
  s: Services,
  p: Principal,
  actor: Actor,
  body: unknown,
  base: string,
): Promise<Bundle> {
  const params = body as { resourceType?: string; parameter?: Parameter[] };
  if (typeof body !== 'object' || body === null || params.resourceType !== 'Parameters')
    throw invalidParameters(
      'Parameters',
      'the body is a Parameters resource with a Patient (name = resource)',
    );
  const list = Array.isArray(params.parameter) ? params.parameter : [];
  const k = list.findIndex((x) => x?.name === 'resource');
  const pt = k >= 0 ? list[k]!.resource : undefined;
  if (!pt || pt.resourceType !== 'Patient')
    throw invalidParameters(`Parameters.parameter[${Math.max(k, 0)}].resource`, 'is the Patient to match');
  const countAt = list.findIndex((x) => x?.name === 'count');
  const count = countAt >= 0 ? list[countAt]!.valueInteger : 10;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 50)
    throw invalidParameters(
      `Parameters.parameter[${countAt}].valueInteger`,
      'count is a whole number from 1 to 50',
    );
  const onlyCertain = list.find((x) => x?.name === 'onlyCertainMatches')?.valueBoolean === true;

  const at = `Parameters.parameter[${k}].resource`;
  const ids = (Array.isArray(pt.identifier) ? pt.identifier : []).flatMap((i) => {
    const idType = idTypeOfSystem(i?.system);
    const value = typeof i?.value === 'string' ? i.value.trim().toUpperCase() : '';
    // A masked number identifies no one.
    return idType && value && !value.includes('*') ? [{ idType, value }] : [];
  });
  const n = Array.isArray(pt.name) ? pt.name[0] : undefined;
  const name =
    (typeof n?.text === 'string'
      ? n.text
      : [n?.family, ...(n?.given ?? [])].filter((x) => typeof x === 'string').join('')
    ).trim() || undefined;
  const birthDate = typeof pt.birthDate === 'string' ? pt.birthDate : undefined;
  if (!ids.length && !name)
    throw invalidParameters(at, 'needs an identity document number (unmasked) or a name to match on');
  const phone = Array.isArray(pt.telecom)
    ? pt.telecom.find((t) => t?.system === 'phone' && typeof t.value === 'string' && !t.value.includes('*'))
        ?.value
    : undefined;
  const asked = {
    ids,
    name,
    birthDate,
    gender: typeof pt.gender === 'string' ? pt.gender : undefined,
    phone,
  };

  const rows = await findMatchCandidates(s.db, p, { ids, name, birthDate });
  const scored = rows
    .flatMap((row) => {
      const m = score(asked, row);
      return m && (!onlyCertain || m.grade === 'certain') ? [{ row, ...m }] : [];
    })
    .sort(
      (a, b) => b.score - a.score || a.row.name.localeCompare(b.row.name) || a.row.id.localeCompare(b.row.id),
    )
    .slice(0, count);

  if (ids.length)
    await s.db.transaction().execute((trx) =>
      recordAudit(trx, actor, {
        action: 'patient.looked_up',
        entityType: 'patient',
        entityId: scored[0]?.row.id ?? null,
        consortiumId: p.consortiumId,
        institutionId: p.institutionId,
        after: {
          via: 'Patient/$match',
          identifiers: ids.map((i) => ({ idType: i.idType, idNumber: maskIdNumber(i.value) })),
          matches: scored.length,
        },
      }),
    );

  const entry: BundleEntry[] = scored.map((m) => ({
    fullUrl: `${base}/Patient/${m.row.id}`,
    resource: patient(m.row),
    search: {
      mode: 'match',
      score: m.score,
      extension: [{ url: URI.matchGrade, valueCode: m.grade }],
    },
  }));
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: entry.length,
    ...(entry.length ? { entry } : {}),
  };
}
