// Roles and permissions. A route declares the permission it needs; the service layer
// narrows every query to the user's scope (consortium, institution, region).

export const ROLES = [
  'platform_admin', // runs the platform: every consortium
  'commission_supervisor', // 卫健委: read-only over the consortia of a region
  'consortium_office', // 医联体办公室: runs one consortium
  'institution_admin', // a member institution's administrator
  'clinician', // a doctor at a member institution
  'dispatched_expert', // 下沉专家 stationed at a member site
  'viewer', // read-only within a consortium
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'registry.read',
  'consortium.create', // platform level: open a new consortium
  'consortium.manage', // edit a consortium, its memberships and agreements
  'institution.create',
  'institution.manage', // edit an institution, its departments and staff
  'user.manage',
  'audit.read',
  'referral.read', // see referrals in scope
  'referral.create', // write, send and cancel referrals from one's institution
  'referral.handle', // receive, accept, reject, book, admit and complete referrals to one's institution
  'capacity.manage', // publish reserved clinic slots and beds
  'sharing.manage', // list shared equipment and service centres, with hours and capacity
  'sharing.book', // book shared equipment for a patient; record mutual-recognition choices
  'sharing.handle', // confirm, reschedule and complete bookings of one's institution's equipment
  'consultation.request', // ask for a remote consultation or a remote reading
  'consultation.handle', // accept, schedule, write and sign consultations at one's centre
  'activity.record', // a stationed expert logs clinics, rounds, lectures ... at the host site (own postings only)
  'training.manage', // offer further study, courses and rotations; decide applications; record attendance
  'training.enrol', // apply for training places for one's staff; withdraw them; record their return to post
  'indicator.manage', // keep the consortium's own indicators, generate report forms, review them, run assessment schemes (the office)
  'indicator.report', // fill in and submit one's institution's report forms
  'dispatch.read', // see dispatch programmes, batches, postings, demand, the expert pool and plans in scope
  'dispatch.manage', // run programmes, batches and postings of one's (sending) institution; keep expert profiles and home staffing
  'dispatch.demand', // file the experts a host institution needs, per specialty and period
  'dispatch.plan', // build rotation plans, solve them, lock assignments and apply a version to a batch (the office)
  'meeting.manage', // plan and run meetings (series, agenda, invitations, sign-in, minutes, resolutions)
  'ledger.raise', // put a problem into the ledger, report progress on one's own, confirm what one raised
  'ledger.manage', // assign problems to owner departments, close and reopen them (the office)
  'council.manage', // keep the council roster, draft documents, open and close their votes (the office)
  'council.vote', // cast a ballot on a document, when one holds a council seat (checked per vote)
  'goal.manage', // set yearly goals, split them into tasks, run key projects and their checklists (the office)
  'goal.progress', // report progress on tasks and tick checklist items one, one's department or institution owns
  'client.manage', // register, rotate the keys of and revoke the system clients (hospital systems) of one's institution
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  platform_admin: PERMISSIONS,
  commission_supervisor: ['registry.read', 'audit.read', 'referral.read', 'dispatch.read'],
  consortium_office: [
    'registry.read',
    'indicator.manage',
    'dispatch.read',
    'dispatch.manage',
    'dispatch.demand',
    'dispatch.plan',
    'consortium.manage',
    'institution.create',
    'institution.manage',
    'user.manage',
    'audit.read',
    'referral.read',
    'capacity.manage',
    'sharing.manage',
    'sharing.book', // for a member it names (modules/shared/on-behalf.ts)
    'consultation.request', // for a member it names
    'training.manage',
    'training.enrol',
    'meeting.manage',
    'ledger.raise',
    'ledger.manage',
    'council.manage',
    'council.vote',
    'goal.manage',
    'goal.progress',
  ],
  institution_admin: [
    'client.manage',
    'registry.read',
    'indicator.report',
    'dispatch.read',
    'dispatch.manage',
    'dispatch.demand',
    'institution.manage',
    'user.manage',
    'referral.read',
    'referral.create',
    'referral.handle',
    'capacity.manage',
    'sharing.manage',
    'sharing.book',
    'sharing.handle',
    'consultation.request',
    'consultation.handle',
    'training.manage',
    'training.enrol',
    'meeting.manage',
    'ledger.raise',
    'council.vote',
    'goal.progress',
  ],
  clinician: [
    'registry.read',
    'dispatch.read',
    'referral.read',
    'referral.create',
    'referral.handle',
    'sharing.book',
    'sharing.handle',
    'consultation.request',
    'consultation.handle',
    'activity.record',
    'ledger.raise',
    'council.vote',
    'goal.progress',
  ],
  dispatched_expert: [
    'registry.read',
    'dispatch.read',
    'referral.read',
    'referral.create',
    'sharing.book',
    'consultation.request',
    'consultation.handle',
    'activity.record',
    'ledger.raise',
    'council.vote',
    'goal.progress',
  ],
  viewer: ['registry.read', 'referral.read', 'dispatch.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Which roles need which scope attributes on the account. */
export function roleNeedsConsortium(role: Role): boolean {
  return role !== 'platform_admin' && role !== 'commission_supervisor';
}
export function roleNeedsInstitution(role: Role): boolean {
  return role === 'institution_admin' || role === 'clinician' || role === 'dispatched_expert';
}
export function roleNeedsRegion(role: Role): boolean {
  return role === 'commission_supervisor';
}
