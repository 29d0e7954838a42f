import type { Migration } from 'kysely';
import * as m0001 from './0001_registry.js';
import * as m0002 from './0002_accounts.js';
import * as m0003 from './0003_audit_log.js';
import * as m0004 from './0004_referrals.js';
import * as m0005 from './0005_sharing.js';
import * as m0006 from './0006_consultations.js';
import * as m0009 from './0009_meetings_ledger.js';
import * as m0012 from './0012_indicators.js';
import * as m0013 from './0013_referral_rollups.js';
import * as m0008 from './0008_activity_training.js';
import * as m0010 from './0010_council_goals.js';
import * as m0007 from './0007_dispatch.js';
import * as m0014 from './0014_membership_invitations.js';
import * as m0017 from './0017_referral_patient_snapshot.js';
import * as m0018 from './0018_system_clients.js';
import * as m0019 from './0019_hospital_identifiers_and_sender.js';
import * as m0020 from './0020_council_seats_and_ballots.js';
import * as m0023 from './0023_acting_for_members.js';

// Numbered, one change each, never edited once merged: add a file and list it here.
export const migrations: Record<string, Migration> = {
  '0001_registry': m0001,
  '0002_accounts': m0002,
  '0003_audit_log': m0003,
  '0004_referrals': m0004,
  '0005_sharing': m0005,
  '0006_consultations': m0006,
  '0009_meetings_ledger': m0009,
  '0012_indicators': m0012,
  '0013_referral_rollups': m0013,
  '0008_activity_training': m0008,
  '0010_council_goals': m0010,
  '0007_dispatch': m0007,
  '0014_membership_invitations': m0014,
  '0017_referral_patient_snapshot': m0017,
  '0018_system_clients': m0018,
  '0019_hospital_identifiers_and_sender': m0019,
  '0020_council_seats_and_ballots': m0020,
  '0023_acting_for_members': m0023,
};
