import type { MyWorkItem } from '@yilian/domain';
import type { Principal, Services } from '../../context.js';
import { meetingsToAttend } from './meeting-provider.js';
import { problemsOnMe } from './problem-provider.js';
import { referralsWaitingOnMe } from './referral-provider.js';
import { tasksOnMe } from '../goal/mywork-provider.js';
import { votesAwaitingMe } from '../council/mywork-provider.js';
import { invitationsAwaitingMe } from '../consortium/mywork-provider.js';

// 我的待办 is a registry: each module adds one provider below, which lists what waits on the
// reader in that module. A provider reads within the reader's scope, like every query.

/** `actor` is the signed-in principal: who they are and the scope they read in. */
export type MyWorkProvider = (s: Services, actor: Principal) => Promise<MyWorkItem[]>;

export const MY_WORK_PROVIDERS: MyWorkProvider[] = [
  problemsOnMe, // problems I am responsible for, or raised and should confirm
  meetingsToAttend, // meetings I am invited to, upcoming, not declined
  referralsWaitingOnMe, // referrals waiting on my institution and my role
  tasksOnMe, // goal tasks owned by me, my department or (as its administrator) my institution, not done
  votesAwaitingMe, // council votes open where I hold a seat and have not voted
  invitationsAwaitingMe, // invitations for my institution to join a consortium (its administrator)
];
