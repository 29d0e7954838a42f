import type { CommissionConsortium, ConsortiumDashboard } from '@yilian/domain';
import type { XlsxColumn } from '../export/xlsx.js';

// The tables behind each chart, as an office prints them. Headers in the reader's language.

type Lang = 'zh-CN' | 'en';
type Row = Record<string, string | number | null>;
const col = (header: string, width: number, key: string): XlsxColumn<Row> => ({
  header,
  width,
  value: (r) => r[key] ?? null,
});

export function dashboardTable(
  d: ConsortiumDashboard,
  table: string,
  lang: Lang,
): { name: string; columns: XlsxColumn<Row>[]; rows: Row[] } {
  const en = lang === 'en';
  switch (table) {
    case 'months':
      return {
        name: en ? 'Referrals by month' : '月度转诊',
        columns: [
          col(en ? 'Month' : '月份', 10, 'month'),
          col(en ? 'Up' : '上转', 10, 'up'),
          col(en ? 'Down' : '下转', 10, 'down'),
          col(en ? 'Lateral' : '平转', 10, 'lateral'),
          col(en ? 'Accepted' : '已接收', 10, 'accepted'),
          col(en ? 'Green channel' : '绿色通道', 12, 'green'),
          col(en ? 'Green on time' : '绿色通道按时', 14, 'greenOnTime'),
        ],
        rows: d.months,
      };
    case 'flows':
      return {
        name: en ? 'Referral flows' : '转诊流向',
        columns: [
          col(en ? 'From' : '转出单位', 30, 'fromName'),
          col(en ? 'To' : '接收单位', 30, 'toName'),
          col(en ? 'Direction' : '方向', 10, 'direction'),
          col(en ? 'Referrals' : '人次', 10, 'count'),
        ],
        rows: d.flows.map((f) => ({
          ...f,
          direction: en ? f.direction : { up: '上转', down: '下转', lateral: '平转' }[f.direction],
        })),
      };
    case 'stationed':
      return {
        name: en ? 'Experts stationed now' : '在岗下沉专家',
        columns: [
          col(en ? 'Site' : '派驻单位', 30, 'hostName'),
          col(en ? 'Experts' : '专家人数', 10, 'experts'),
        ],
        rows: d.stationedNow,
      };
    case 'ledger':
      return {
        name: en ? 'Problem ledger' : '问题台账',
        columns: [col(en ? 'Status' : '状态', 16, 'state'), col(en ? 'Problems' : '问题数', 10, 'count')],
        rows: d.ledger,
      };
    default:
      return {
        name: en ? 'Assessment' : '考核结果',
        columns: [
          col(en ? 'Rank' : '名次', 8, 'rank'),
          col(en ? 'Institution' : '单位', 30, 'institutionName'),
          col(en ? 'Total' : '总分', 10, 'total'),
        ],
        rows: d.attainment?.members ?? [],
      };
  }
}

export function commissionColumns(en: boolean): XlsxColumn<CommissionConsortium>[] {
  return [
    { header: en ? 'Rank' : '名次', width: 8, value: (c) => c.rank },
    { header: en ? 'Consortium' : '医联体', width: 36, value: (c) => c.name },
    { header: en ? 'Region code' : '区划代码', width: 12, value: (c) => c.regionCode },
    { header: en ? 'Members' : '成员单位数', width: 12, value: (c) => c.members },
    { header: en ? 'Referrals' : '转诊人次', width: 12, value: (c) => c.referrals },
    { header: en ? 'Up' : '上转', width: 10, value: (c) => c.up },
    { header: en ? 'Down' : '下转', width: 10, value: (c) => c.down },
    { header: en ? 'Down share %' : '下转占比%', width: 12, value: (c) => c.downShare },
    { header: en ? 'Accepted %' : '接收率%', width: 12, value: (c) => c.acceptedShare },
    { header: en ? 'Green on time %' : '绿色通道按时率%', width: 16, value: (c) => c.greenOnTimeShare },
    { header: en ? 'Outliers' : '异常项', width: 30, value: (c) => c.outliers.join(', ') },
  ];
}
