import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { MeetingDetail, RsvpState, SignInMethod } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Principal, Services } from '../../context.js';
import { conflict, forbidden, invalid } from '../../errors.js';
import { MEETING_OPEN, MEETING_SIGN_IN, requireMeetingState } from './meeting.machine.js';
import { getMeeting, getMeetingDetail } from './meeting.repository.js';
import { consortiumUsers, managed } from './meeting.service.js';

// Who comes: RSVP, and sign-in by oneself, by the organiser, or with the QR code at the door.
// The code carries a random token that the server keeps with the meeting for a few minutes; a
// new code replaces the old one, so a photo of yesterday's code signs nobody in.

export const CHECK_IN_MINUTES = 10;

export async function rsvp(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  body: { response: 'accepted' | 'declined' | 'tentative'; note?: string | null },
): Promise<MeetingDetail> {
  const m = await getMeeting(s, p, id);
  if (!m.myRsvp) throw forbidden('Only invitees answer an invitation');
  requireMeetingState(m.status, MEETING_OPEN, 'answer the invitation');
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('meetingInvitations')
      .set({ rsvp: body.response, rsvpNote: body.note ?? null, respondedAt: at })
      .where('meetingId', '=', id)
      .where('userId', '=', p.userId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'meeting.rsvp',
      entityType: 'meeting',
      entityId: id,
      consortiumId: m.consortiumId,
      institutionId: p.institutionId,
      before: { rsvp: m.myRsvp },
      after: { rsvp: body.response, note: body.note ?? null },
    });
  });
  return getMeetingDetail(s, p, id);
}

async function markSignedIn(
  s: Services,
  actor: Actor,
  p: Principal,
  m: { id: string; consortiumId: string },
  userId: string,
  method: SignInMethod,
) {
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    // A walk-in with the door's code is added to the list; others must have been invited.
    if (method === 'qr')
      await trx
        .insertInto('meetingInvitations')
        .values({ meetingId: m.id, consortiumId: m.consortiumId, userId, rsvp: 'accepted', respondedAt: at })
        .onConflict((oc) => oc.columns(['meetingId', 'userId']).doNothing())
        .execute();
    const hit = await trx
      .updateTable('meetingInvitations')
      .set({
        signedInAt: at,
        signInMethod: method,
        // Coming counts as an answer for whoever had not answered.
        rsvp: sql<RsvpState>`case when rsvp = 'pending' then 'accepted' else rsvp end`,
      })
      .where('meetingId', '=', m.id)
      .where('userId', '=', userId)
      .where('signedInAt', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!hit) return; // already signed in: the first time stands
    await recordAudit(trx, actor, {
      action: 'meeting.signed_in',
      entityType: 'meeting',
      entityId: m.id,
      consortiumId: m.consortiumId,
      institutionId: p.institutionId,
      after: { userId, method, at },
    });
  });
}

/** The reader signs in: with the door's token (a QR code), or by themselves when invited. */
export async function signIn(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  token?: string,
): Promise<MeetingDetail> {
  const m = await getMeeting(s, p, id);
  // Who first, then when: someone not invited learns 403 whatever the meeting's state.
  if (!token && !m.myRsvp) throw forbidden('Only invitees sign in by themselves; scan the code at the door');
  requireMeetingState(m.status, MEETING_SIGN_IN, 'sign in');
  if (token) {
    const row = await s.db
      .selectFrom('meetings')
      .select(['checkInToken', 'checkInExpiresAt'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const ok =
      !!row.checkInToken &&
      row.checkInToken.length === token.length &&
      timingSafeEqual(Buffer.from(row.checkInToken), Buffer.from(token)) &&
      !!row.checkInExpiresAt &&
      Date.parse(row.checkInExpiresAt) > s.now().getTime();
    if (!ok)
      throw invalid(
        'token',
        'the code has expired or is not this meeting’s; scan the code at the door again',
      );
    await consortiumUsers(s, m.consortiumId, [p.userId], 'token');
    await markSignedIn(s, actor, p, m, p.userId, 'qr');
  } else {
    if (m.myRsvp === 'declined') throw conflict('You declined this meeting; answer again before signing in');
    await markSignedIn(s, actor, p, m, p.userId, 'self');
  }
  return getMeetingDetail(s, p, id);
}

/** The organiser ticks an invitee present. */
export async function markAttendance(s: Services, p: Principal, actor: Actor, id: string, userId: string) {
  const m = await managed(s, p, id);
  requireMeetingState(m.status, [...MEETING_SIGN_IN, 'held'], 'record attendance');
  const invited = await s.db
    .selectFrom('meetingInvitations')
    .select('id')
    .where('meetingId', '=', id)
    .where('userId', '=', userId)
    .executeTakeFirst();
  if (!invited) throw invalid('userId', 'is not invited to this meeting');
  await markSignedIn(s, actor, p, m, userId, 'organizer');
  return getMeetingDetail(s, p, id);
}

/** A fresh code for the door, valid for a few minutes; the page showing it asks again before then. */
export async function checkInCode(s: Services, p: Principal, actor: Actor, id: string) {
  const m = await managed(s, p, id);
  requireMeetingState(m.status, MEETING_SIGN_IN, 'show a sign-in code');
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(s.now().getTime() + CHECK_IN_MINUTES * 60_000).toISOString();
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('meetings')
      .set({ checkInToken: token, checkInExpiresAt: expiresAt })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'meeting.check_in_code',
      entityType: 'meeting',
      entityId: id,
      consortiumId: m.consortiumId,
      institutionId: p.institutionId,
      after: { expiresAt },
    });
  });
  return { token, expiresAt, path: `/meetings/${id}/check-in?token=${token}` };
}
