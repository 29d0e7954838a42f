import type { GreenChannelCategory, InstitutionLevel, MemberRole, ReferralDirection } from '@yilian/domain';

// What an import infers when the Bundle leaves it out: the direction from the two institutions,
// the green-channel centre from the diagnosis. Pure; documented in the FHIR README.

/**
 * The green-channel centre a diagnosis belongs to, by ICD-10 category (the letter and two digits,
 * in either edition). Injuries, foreign bodies, burns and frostbite (S00–T35) are 创伤; poisonings
 * and complications of care (T36–T98) are not a trauma centre's.
 */
export const GREEN_CHANNEL_BY_DIAGNOSIS: readonly {
  from: string;
  to: string;
  category: GreenChannelCategory;
  meaning: string;
}[] = [
  { from: 'I20', to: 'I22', category: 'chest_pain', meaning: '心绞痛、急性心肌梗死（胸痛中心）' },
  { from: 'I60', to: 'I64', category: 'stroke', meaning: '脑出血、脑梗死（卒中中心）' },
  { from: 'S00', to: 'T35', category: 'trauma', meaning: '损伤、异物、烧伤和冻伤（创伤中心）' },
  {
    from: 'O00',
    to: 'O99',
    category: 'critical_maternal',
    meaning: '妊娠、分娩和产褥期（危重孕产妇救治中心）',
  },
  { from: 'P00', to: 'P96', category: 'critical_neonatal', meaning: '围生期疾病（危重新生儿救治中心）' },
];

export function greenChannelOfDiagnosis(code: string): GreenChannelCategory | undefined {
  const category = code.slice(0, 3).toUpperCase();
  if (!/^[A-Z][0-9]{2}$/.test(category)) return undefined;
  return GREEN_CHANNEL_BY_DIAGNOSIS.find((row) => category >= row.from && category <= row.to)?.category;
}

/** 三级 above 二级 above 一级 above the ungraded primary institutions (未定级). */
const LEVEL_RANK: Record<InstitutionLevel, number> = { level3: 3, level2: 2, level1: 1, unrated: 0 };
/** Within one level: the consortium's lead above its backbone and branch institutions, above members. */
const ROLE_RANK: Record<MemberRole, number> = { lead: 3, backbone: 2, branch: 2, member: 1 };

export interface Side {
  level: InstitutionLevel;
  role: MemberRole | null;
}

/**
 * A referral goes up to a higher level, down to a lower one; between institutions of one level,
 * the consortium role decides (to the lead is up); otherwise it is lateral (平转).
 */
export function deriveDirection(from: Side, to: Side): ReferralDirection {
  const byLevel = LEVEL_RANK[to.level] - LEVEL_RANK[from.level];
  if (byLevel !== 0) return byLevel > 0 ? 'up' : 'down';
  const byRole = (to.role ? ROLE_RANK[to.role] : 0) - (from.role ? ROLE_RANK[from.role] : 0);
  if (byRole !== 0) return byRole > 0 ? 'up' : 'down';
  return 'lateral';
}
