import { z } from 'zod';
import { id, isoDate, pageQuery, timestamp } from './common.js';

export const auditEntry = z.object({
  id: z.number().int(),
  at: timestamp,
  actorId: id.nullable(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  consortiumId: id.nullable(),
  institutionId: id.nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditListQuery = pageQuery.extend({
  action: z.string().max(60).optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(60).optional(),
  actor: z.string().max(64).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const region = z.object({ code: z.string(), name: z.string(), fullName: z.string() });
export type Region = z.infer<typeof region>;
export const regionQuery = z.object({
  q: z.string().trim().max(40).optional(),
  parent: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  codes: z.string().max(2000).optional(),
});

/** Every kind of change the audit trail records; one line each (Documenso's habit). */
export const AUDIT_ACTIONS = [
  'auth.login', // a successful sign-in
  'auth.login_failed', // a wrong password (the account's failure count rises)
  'auth.locked', // too many failures: the account is locked for a while
  'auth.logout',
  'auth.password_changed',
  'auth.logout_everywhere', // a user ended all of their own sessions
  'auth.sessions_revoked', // an administrator ended all sessions of an account
  'consortium.created',
  'consortium.updated',
  'consortium.deleted',
  'membership.created', // an institution joins a consortium
  'membership.updated', // role or dates changed, or the institution left
  'membership.deleted',
  'membership.invited', // a consortium invites an institution to join
  'membership.invitation_accepted', // the institution accepts: the membership begins
  'membership.invitation_declined',
  'membership.invitation_withdrawn', // the consortium takes its invitation back
  'membership.left', // the institution leaves the consortium
  'agreement.created',
  'agreement.updated',
  'agreement.deleted',
  'agreement.document_attached',
  'institution.created',
  'institution.updated',
  'institution.deleted',
  'department.created',
  'department.updated',
  'department.deleted',
  'staff.created',
  'staff.updated',
  'staff.deleted',
  'user.created',
  'user.updated', // includes disable, unlock and password reset (the hash never enters the trail)
  'user.deleted',
  'referral.created', // a referral was written (draft, or sent at once)
  'referral.submit', // sent to the receiving institution
  'referral.receive', // the receiver opened it
  'referral.accept',
  'referral.reject',
  'referral.book', // a reserved slot or bed was taken for it
  'referral.arrive', // the patient arrived
  'referral.complete', // discharge summary written; the receipt goes back to the sender
  'referral.cancel',
  'referral.fail', // the deadline passed without a decision
  'referral.escalated', // a green-channel deadline passed: duty officer and office alerted
  'referral.identity_revealed', // a sender or receiver looked at the full identity number and phone
  'referral.attachment_added',
  'patient.looked_up', // a sender asked whether an identity number is registered (number masked)
  'patient.updated', // treating staff changed a patient's name, sex, birth date or phone, with the reason
  'referral.discrepancy_resolved', // the receiver confirmed or rejected an imported identity that differed from the register
  'referral_rules.updated', // a consortium changed its referral deadlines
  'capacity.created', // reserved clinic slots or beds published
  'capacity.updated',
  'capacity.deleted',
  'follow_up.completed', // the primary institution recorded a follow-up after a down-referral
  'resource.created', // shared equipment or a service centre listed
  'resource.updated',
  'resource.deleted',
  'booking.created', // a member booked shared equipment for a patient
  'booking.confirm',
  'booking.reschedule',
  'booking.complete', // done; the result enters the mutual-recognition registry
  'booking.no_show',
  'booking.cancel',
  'recognition.reused', // an earlier result was reused: an exam avoided
  'recognition.repeated', // the exam is done again, with the reason
  'recognized_result.created',
  'consultation.created',
  'consultation.accept',
  'consultation.reject',
  'consultation.schedule',
  'consultation.report',
  'consultation.sign',
  'consultation.cancel',
  'consultation.fail',
  'consultation.rated',
  'consultation.attachment_added',
  'meeting.created', // a meeting was planned (with its agenda and invitations)
  'meeting.updated', // title, time, place, link, description, sign-in window, agenda or invitees changed
  'meeting.start', // the meeting began
  'meeting.finish', // the meeting was held
  'meeting.publish', // its minutes were published
  'meeting.cancel',
  'meeting.agenda_updated',
  'meeting.invited', // people were invited
  'meeting.uninvited', // an invitee was taken off the list before signing in
  'meeting.rsvp', // an invitee answered
  'meeting.signed_in', // an attendee signed in (by themselves, by the organiser, or by the QR code)
  'meeting.check_in_code', // the organiser showed a new QR code at the door
  'meeting.minutes_saved',
  'meeting.resolution_added',
  'meeting.resolution_deleted',
  'meeting.report_submitted', // a member attached its (quarterly) work report
  'meeting.report_file_added',
  'meeting_series.created', // a recurring series (例会) was set up by its rule
  'meeting_series.generated', // the series' meetings were planned up to a date
  'problem.created', // a problem entered the ledger (from a meeting, an inspection, a report or a member)
  'problem.updated',
  'problem.assign', // owner department, responsible person and deadline set
  'problem.start',
  'problem.resolve', // the owners say it is solved, with the measures taken
  'problem.verify', // the raiser (or the office) confirmed the result
  'problem.close',
  'problem.reopen',
  'problem.progress', // a progress entry (measures taken so far)
  'problem.feedback', // feedback to the person who raised it
  'problem.escalated', // past its deadline: owner and office alerted once
  'dispatch_programme.created', // an assistance programme links a sending institution to a host
  'dispatch_programme.updated',
  'dispatch_programme.deleted',
  'dispatch_batch.created', // a batch (第N批) with its period and team leader
  'dispatch_batch.updated',
  'dispatch_batch.deleted',
  'dispatch_posting.created', // a person joined a batch (clinical, management secondment ...)
  'dispatch_posting.updated',
  'dispatch_posting.deleted',
  'dispatch_demand.created', // a host filed the experts it needs
  'dispatch_demand.updated',
  'dispatch_demand.deleted',
  'expert_profile.created', // an expert entered the dispatch pool
  'expert_profile.updated', // specialty, weeks away or availability changed
  'expert_profile.deleted',
  'department_staffing.created', // how many of a home department may be away at once
  'department_staffing.updated',
  'department_staffing.deleted',
  'dispatch_plan.created', // a rotation plan over a horizon
  'dispatch_plan.updated',
  'dispatch_plan.deleted',
  'dispatch_plan.solve', // a solve started: a new version with its input snapshot
  'dispatch_plan.solved', // the solver finished (result stored with the version)
  'dispatch_plan.failed', // the solver found no plan or stopped with an error
  'dispatch_plan.lock', // a planner fixed an assignment for the next solves
  'dispatch_plan.unlock',
  'dispatch_plan.apply', // a version became postings of a batch
  'council_member.created', // a seat on the council (理事会) with its position and term
  'council_member.updated', // position or term changed
  'council_member.deleted',
  'council_vote_rule.updated', // the quorum and majority a kind of document needs
  'council_document.created', // a document (章程, 实施方案, 例会制度 ...) with its first draft version
  'council_document.updated',
  'council_document.deleted', // only while none of its versions was ever put to the vote
  'document_version.created', // a new draft version
  'document_version.updated', // a draft's text changed
  'document_version.file_attached', // the signed or printed file of a version
  'document_version.open_vote', // the version was put to the council's vote
  'document_version.close_vote', // the vote closed: in force, or back to draft, with the tally
  'document_version.superseded', // a newer version came into force
  'document_vote.cast', // a council member voted (or changed their vote)
  'document_vote.recorded', // the secretary recorded a ballot cast in the room (with its proxy, if any)
  'document_vote.corrected', // the secretary corrected a ballot already there, with the reason
  'goal.created', // a yearly goal of the consortium
  'goal.updated',
  'goal.deleted',
  'goal_task.created', // a task of a goal for a department, an institution or a person
  'goal_task.updated',
  'goal_task.deleted',
  'goal_task.progress', // the owner reported progress (0-100) with a note
  'key_project.created', // a key project (a centre opening, an accreditation)
  'key_project.updated',
  'key_project.deleted',
  'milestone.created',
  'milestone.updated', // includes marking it done
  'milestone.deleted',
  'checklist_item.created',
  'checklist_item.updated', // includes ticking it done
  'checklist_item.deleted',
  'checklist_item.evidence_attached', // a file proving the item is met
  'checklist.template_applied', // the items of a standard (e.g. 三级医院评审标准) were added at once
  'activity.created', // a stationed expert logged a clinic, round, lecture, demonstration, discussion or teaching
  'activity.updated', // the expert corrected an entry within the edit window
  'activity.deleted', // the expert removed an entry within the edit window
  'training_programme.created', // a further-study place, course or management rotation was offered
  'training_programme.updated',
  'training_programme.deleted',
  'training_session.created', // a session of a course was scheduled
  'training_attendance.recorded', // who attended a session
  'enrolment.created', // a member institution applied for a place for one of its staff
  'enrolment.accept', // the provider accepted the application (a seat is taken)
  'enrolment.reject',
  'enrolment.start', // the trainee arrived and began
  'enrolment.complete', // finished the programme (结业)
  'enrolment.withdraw', // left before the end (the seat is freed)
  'enrolment.return_to_post', // back at the home post, with whether they work independently (独立开展)
  'system.demo_loaded', // the demo data was loaded into an empty database
  // Indicators, reported data and assessment
  'indicator.created', // a consortium adds its own indicator
  'indicator.updated',
  'indicator.deleted',
  'report.generated', // report forms made for every member for a period
  'report.saved', // values entered or imported into a form (before/after per indicator)
  'report.submitted',
  'report.returned', // the office sends a form back with comments
  'report.approved', // the values are locked from now on
  'assessment.created',
  'assessment.updated',
  'assessment.deleted',
  'assessment.published', // results frozen as a snapshot, with the ranking
  'data.generated', // `yilian generate` loaded national-scale generated data (the counts, the run tag)
  // System clients (hospital systems calling the FHIR API with their own keys)
  'client.created', // a system client was registered with its scopes and public keys
  'client.keys_rotated', // its public keys (JWKS) were replaced
  'client.revoked', // revoked: its tokens stop working at once, it gets no new ones
  'client.token_issued', // the client proved its key and got a short-lived access token
  'client.token_refused', // a token request was refused (the OAuth error and why)
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
