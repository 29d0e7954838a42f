import { z } from 'zod';
import { id, isoDate, optionalText, pageQuery, text, timestamp } from './common.js';

/** A party is a registered institution or an outside body such as a county government. */
export const agreementParty = z.object({
  institutionId: id.nullable().optional(),
  name: text(100),
});

export const agreement = z.object({
  id,
  consortiumId: id,
  consortiumName: z.string(),
  title: z.string(),
  parties: z.array(z.object({ institutionId: id.nullable(), name: z.string() })),
  signedOn: isoDate,
  effectiveOn: isoDate.nullable(),
  expiresOn: isoDate.nullable(),
  summary: z.string().nullable(),
  document: z.object({ name: z.string(), size: z.number().int(), contentType: z.string() }).nullable(),
  status: z.enum(['active', 'expired', 'pending']),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Agreement = z.infer<typeof agreement>;

const agreementFields = z.object({
  consortiumId: id,
  title: text(200),
  parties: z.array(agreementParty).min(2).max(20),
  signedOn: isoDate,
  effectiveOn: isoDate.nullable().optional(),
  expiresOn: isoDate.nullable().optional(),
  summary: optionalText(4000),
});
const datesInOrder = (a: { signedOn?: string; expiresOn?: string | null }) =>
  !a.signedOn || !a.expiresOn || a.expiresOn >= a.signedOn;
const dateOrderIssue = { message: 'must not be before signedOn', path: ['expiresOn'] };

export const agreementCreate = agreementFields.refine(datesInOrder, dateOrderIssue);
export type AgreementCreate = z.infer<typeof agreementCreate>;
export const agreementUpdate = agreementFields
  .omit({ consortiumId: true })
  .partial()
  .strict()
  .refine(datesInOrder, dateOrderIssue);
export type AgreementUpdate = z.infer<typeof agreementUpdate>;

export const agreementListQuery = pageQuery.extend({
  consortiumId: id.optional(),
  status: z.enum(['active', 'expired', 'pending']).optional(),
});
export type AgreementListQuery = z.infer<typeof agreementListQuery>;

export const AGREEMENT_DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const AGREEMENT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
