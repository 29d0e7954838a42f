// Referral rollups (migration 0013), maintained by a trigger on referrals.
export interface ReferralRollupMonthTable {
  consortiumId: string;
  month: string;
  direction: string;
  submitted: number;
  accepted: number;
  green: number;
  greenOnTime: number;
  acceptHours: number;
}

export interface ReferralRollupPairTable {
  consortiumId: string;
  month: string;
  fromInstitutionId: string;
  toInstitutionId: string;
  direction: string;
  submitted: number;
  accepted: number;
}
