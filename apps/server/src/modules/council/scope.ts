import type { Principal, Services } from '../../context.js';
import { consortiumVisible } from '../../scope.js';

/** Is this consortium one the user can see? (Another consortium's records answer 404.) */
export async function visibleConsortium(s: Services, p: Principal, consortiumId: string): Promise<boolean> {
  const row = await s.db
    .selectFrom('consortia as c')
    .select('c.id')
    .where('c.id', '=', consortiumId)
    .where(consortiumVisible(p, 'c.id'))
    .executeTakeFirst();
  return !!row;
}
