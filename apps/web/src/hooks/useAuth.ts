import { createContext, useContext } from 'react';
import type { Me, Permission } from '@yilian/domain';
import { useMe } from '../api/auth';

/** Set by RequireAuth. Pages read the user from here rather than from the query, so that on
 *  sign-out (the cached user becomes null) they are unmounted, never rendered without a user. */
export const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in user inside the authenticated layout (RequireAuth has made sure there is one). */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser outside an authenticated route');
  return me;
}

export function useCan(): (permission: Permission) => boolean {
  const fromContext = useContext(CurrentUserContext);
  const { data } = useMe();
  const me = fromContext ?? data;
  return (p) => !!me?.permissions.includes(p);
}

/** Where a user lands after signing in: a doctor on the referrals waiting for them (or the ones
 *  they sent), an office on its own consortium, otherwise the list. */
export function homePath(me: Me): string {
  if (me.mustChangePassword) return '/account/password';
  if (me.institutionId && me.role === 'clinician' && me.permissions.includes('referral.handle'))
    return '/referrals/inbox';
  if (me.institutionId && me.role === 'dispatched_expert' && me.permissions.includes('referral.create'))
    return '/referrals/outbox';
  // A health-commission supervisor oversees the consortia of a region: its ranking first.
  if (me.role === 'commission_supervisor') return '/dashboards/commission';
  if (me.consortiumId) return `/consortia/${me.consortiumId}`;
  return '/consortia';
}
