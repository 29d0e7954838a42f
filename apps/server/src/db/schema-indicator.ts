import type { ColumnType, Generated } from 'kysely';
import type {
  IndicatorDirection,
  IndicatorKind,
  ReportState,
  SchemeItemInput,
  SchemeState,
} from '@yilian/domain';

type Timestamp = ColumnType<string, string | undefined, string>;
type Created = ColumnType<string, never, never>;
type Json<T> = ColumnType<T, string, string>;

export interface CustomIndicatorsTable {
  id: Generated<string>;
  consortiumId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  definition: string;
  numerator: string | null;
  denominator: string | null;
  kind: IndicatorKind;
  unit: string;
  factor: number;
  direction: IndicatorDirection;
  part: Generated<boolean>;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface ReportFormsTable {
  id: Generated<string>;
  consortiumId: string;
  institutionId: string;
  period: string;
  state: ColumnType<ReportState, ReportState | undefined, ReportState>;
  submittedAt: string | null;
  submittedBy: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewComment: string | null;
  createdAt: Created;
  updatedAt: Timestamp;
}

export interface ReportValuesTable {
  formId: string;
  consortiumId: string;
  code: string;
  numerator: number | null;
  denominator: number | null;
  note: string | null;
}

export interface AssessmentSchemesTable {
  id: Generated<string>;
  consortiumId: string;
  name: string;
  year: number;
  state: ColumnType<SchemeState, SchemeState | undefined, SchemeState>;
  items: Json<SchemeItemInput[]>;
  publishedAt: string | null;
  publishedBy: string | null;
  snapshot: Json<unknown> | null;
  createdAt: Created;
  updatedAt: Timestamp;
}
