import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { VERSION } from '../../version.js';
import { TOKEN_PATH } from '../client/token.service.js';
import { FHIR_VERSION, URI } from './fhir.codes.js';
import {
  DEFINITION_PARAMS,
  DEFINITION_TYPES,
  publishedUrls,
  type DefinitionType,
} from './fhir.definitions.js';
import { SEARCH_PARAMS, type ParamSpec } from './fhir.search.js';

const DOCS: Record<keyof typeof SEARCH_PARAMS, string> = {
  ServiceRequest:
    'A referral as an order: intent order; priority routine, urgent or stat (green channel); category ' +
    `up/down/lateral (${URI.direction}) and the green channel (${URI.greenChannel}); reasonCode ICD-10; ` +
    'notes reason, summary and plan; the sending institution in the requesting-organization extension.',
  Task:
    'The handling of a referral by the receiving institution: status as FHIR Task.status (booked is ready), ' +
    `businessStatus the Yilian state (${URI.referralState}), output the discharge summary once completed.`,
  Patient:
    'Patients of referrals in scope. Identity number and phone are masked (meta.security MASKED); the full ' +
    'numbers come only from the audited REST call POST /api/v1/referrals/{id}/reveal.',
  Organization: `Institutions on either side of a referral in scope; identifier ${URI.institutionCode}.`,
  Practitioner: 'Referring doctors of referrals in scope.',
};

type ReferralType = keyof typeof SEARCH_PARAMS;

/** `Type:param` of every reference parameter a search may follow, from or to `type`. */
function inclusions(type: ReferralType) {
  const all = (Object.keys(SEARCH_PARAMS) as ReferralType[]).flatMap((source) =>
    (SEARCH_PARAMS[source] as ParamSpec<string>[])
      .filter((p) => p.follow && p.target)
      .map((p) => ({ source, name: `${source}:${p.name}`, target: p.target! })),
  );
  return {
    searchInclude: all.filter((i) => i.source === type).map((i) => i.name),
    searchRevInclude: all.filter((i) => i.target.includes(type)).map((i) => i.name),
  };
}

function resource(type: ReferralType): CapabilityStatementRestResource {
  const params = SEARCH_PARAMS[type] as ParamSpec<string>[];
  const { searchInclude, searchRevInclude } = inclusions(type);
  return {
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    documentation: DOCS[type],
    // A ServiceRequest is created alone too, conditionally (If-None-Exist: identifier=system|value).
    interaction: [
      { code: 'read' },
      { code: 'search-type' },
      ...(type === 'ServiceRequest' ? [{ code: 'create' as const }] : []),
    ],
    versioning: 'no-version',
    readHistory: false,
    updateCreate: false,
    conditionalCreate: type === 'ServiceRequest',
    ...(type === 'Patient'
      ? {
          operation: [{ name: 'match', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-match' }],
        }
      : {}),
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    ...(searchInclude.length ? { searchInclude } : {}),
    ...(searchRevInclude.length ? { searchRevInclude } : {}),
    searchParam: params.map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
  };
}

const DEFINITION_DOCS: Record<DefinitionType, string> = {
  CodeSystem: "Yilian's code systems, public",
  StructureDefinition: "The StructureDefinitions of Yilian's extensions, public",
  NamingSystem: 'A NamingSystem for every identifier system Yilian writes (search by value), public',
};

/** A published definition type: read and search, and the canonical URLs it serves. */
function definitions(type: DefinitionType): CapabilityStatementRestResource {
  return {
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    documentation: `${DEFINITION_DOCS[type]}:\n\n${publishedUrls(type)
      .map((u) => `- ${u}`)
      .join('\n')}`,
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    versioning: 'no-version',
    readHistory: false,
    updateCreate: false,
    conditionalCreate: false,
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    searchParam: DEFINITION_PARAMS[type].map((p) => ({
      name: p.name,
      type: p.type,
      documentation: p.documentation,
    })),
  };
}

/**
 * SMART Backend Services (modules/client): a hospital system's bearer token, from the token
 * endpoint named here and in .well-known/smart-configuration; or a person's session cookie.
 */
function smartSecurity(base: string): NonNullable<CapabilityStatement['rest']>[number]['security'] {
  const token = `${base.replace(/\/fhir\/R4\/?$/, '')}${TOKEN_PATH}`;
  return {
    cors: false,
    extension: [
      {
        url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
        extension: [{ url: 'token', valueUri: token }],
      },
    ],
    service: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' },
        ],
        text: 'SMART Backend Services: OAuth 2.0 client credentials with private_key_jwt (RS384, ES384)',
      },
    ],
    description:
      `A hospital system registered as a system client gets a five-minute bearer token from ${token} ` +
      '(grant_type=client_credentials, a client_assertion JWT signed with its key; see ' +
      '.well-known/smart-configuration) and sees what its institution sees, within its scopes ' +
      '(system/ServiceRequest.crs …). A person uses the session cookie of the REST API (POST ' +
      '/api/v1/auth/login) and sees the referrals of their scope. Anything else answers 404.',
  };
}

/** What the facade supports; public, like every FHIR server's /metadata. */
export function capabilityStatement(base: string, now: Date): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    url: `${base}/metadata`,
    name: 'YilianFhirR4',
    title: 'Yilian (医联) FHIR R4',
    status: 'active',
    date: now.toISOString(),
    publisher: 'Yilian',
    kind: 'instance',
    software: { name: 'Yilian (医联)', version: VERSION },
    implementation: { description: 'Yilian FHIR R4 facade over two-way referrals', url: base },
    fhirVersion: FHIR_VERSION,
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'JSON only (application/fhir+json; XML answers 406). Paging: _count (default 20, at most 100) and ' +
          '_offset, with next/previous links built on the public base URL. Tokens take system|code, |code ' +
          'and system|; dates the prefixes eq ne gt lt ge le sa eb and any precision (China time unless a ' +
          'zone is given). An unknown search parameter answers 400, or with "Prefer: handling=lenient" is ' +
          'ignored and reported in an OperationOutcome entry. A referral as a transaction Bundle: ' +
          'GET Bundle/referral-{id}.',
        security: smartSecurity(base),
        resource: [
          resource('ServiceRequest'),
          resource('Task'),
          resource('Patient'),
          resource('Organization'),
          resource('Practitioner'),
          {
            type: 'Bundle',
            profile: 'http://hl7.org/fhir/StructureDefinition/Bundle',
            documentation:
              'GET Bundle/referral-{referral id}: the referral as a transaction Bundle (Organizations, ' +
              'Practitioner, Patient, ServiceRequest, Task; fullUrls urn:uuid) that another system can POST.',
            interaction: [{ code: 'read' }],
          },
          ...DEFINITION_TYPES.map(definitions),
        ],
        interaction: [
          {
            code: 'transaction',
            documentation:
              'POST a referral Bundle (as exported) to create a referral: Organizations are matched by ' +
              'institution code, the sender must be staff of the requesting organization, and the Patient ' +
              'must carry the full identity number. Answers a transaction-response Bundle.',
          },
        ],
      },
    ],
  };
}
