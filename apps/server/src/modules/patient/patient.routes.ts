import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams, patientLookup, patientRecord, patientUpdate, registeredPatient } from '@yilian/domain';
import { requireAccess } from '../../plugins/auth.js';
import { who } from '../shared/route-context.js';
import * as patients from './patient.service.js';

const tags = ['patient'];

export async function patientRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = app.services;

  // A POST, so the identity number travels in the body and never in a logged URL.
  r.post(
    '/api/v1/patients/lookup',
    {
      config: { access: 'referral.create' },
      schema: {
        tags,
        summary:
          'Is this identity number registered where a referral from my institution would file it? Masked details only when my institution already sees a referral of the patient; audited',
        body: patientLookup,
        response: { 200: registeredPatient },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      return patients.lookup(s, p, actor, req.body);
    },
  );

  r.get(
    '/api/v1/patients/:id',
    {
      config: { access: 'referral.read' },
      schema: {
        tags,
        summary: 'A registered patient as they are now (masked), for readers of one of their referrals',
        params: idParams,
        response: { 200: patientRecord },
      },
    },
    async (req) => patients.get(s, who(req).p, req.params.id),
  );

  r.patch(
    '/api/v1/patients/:id',
    {
      config: { access: 'referral.handle', checkAfterLookup: true },
      schema: {
        tags,
        summary:
          "Change a patient's name, sex, birth date or phone, with the reason: staff of an institution that treated them; audited. Earlier referrals keep the identity they were made with",
        params: idParams,
        body: patientUpdate,
        response: { 200: patientRecord },
      },
    },
    async (req) => {
      const { p, actor } = who(req);
      await patients.get(s, p, req.params.id);
      requireAccess(req);
      return patients.update(s, p, actor, req.params.id, req.body);
    },
  );
}
