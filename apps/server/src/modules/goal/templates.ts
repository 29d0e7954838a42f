import type { ChecklistTemplate } from '@yilian/domain';

// Readiness checklists drawn from a standard's main parts. The grade-3 hospital review standard
// (《三级医院评审标准（2022年版）》, National Health Commission) has three parts: prerequisites,
// monitoring data on service capability and quality and safety, and the on-site review. The items
// below name those parts and their chapters only; each consortium fills in the articles it checks.
export interface TemplateItem {
  chapter: string;
  standardRef: string | null;
  title: string;
}

export const CHECKLIST_TEMPLATES: Record<ChecklistTemplate, TemplateItem[]> = {
  grade3a_general: [
    { chapter: '第一部分 前置要求', standardRef: '第一部分', title: '依法设置与执业：逐条自查' },
    { chapter: '第一部分 前置要求', standardRef: '第一部分', title: '公益性责任和行风诚信：逐条自查' },
    {
      chapter: '第一部分 前置要求',
      standardRef: '第一部分',
      title: '安全管理与重大事件：评审周期内情况核实',
    },
    {
      chapter: '第二部分 医疗服务能力与质量安全监测数据',
      standardRef: '第二部分',
      title: '资源配置与运行数据指标：数据采集与核对',
    },
    {
      chapter: '第二部分 医疗服务能力与质量安全监测数据',
      standardRef: '第二部分',
      title: '医疗服务能力与医院质量安全指标：数据采集与核对',
    },
    {
      chapter: '第二部分 医疗服务能力与质量安全监测数据',
      standardRef: '第二部分',
      title: '重点专业质量控制指标：数据采集与核对',
    },
    {
      chapter: '第二部分 医疗服务能力与质量安全监测数据',
      standardRef: '第二部分',
      title: '单病种（术种）质量控制指标：数据采集与核对',
    },
    {
      chapter: '第二部分 医疗服务能力与质量安全监测数据',
      standardRef: '第二部分',
      title: '重点医疗技术临床应用质量控制指标：数据采集与核对',
    },
    { chapter: '第三部分 现场检查', standardRef: '第三部分', title: '医院功能与任务：自评与整改' },
    { chapter: '第三部分 现场检查', standardRef: '第三部分', title: '临床服务质量与安全管理：自评与整改' },
    { chapter: '第三部分 现场检查', standardRef: '第三部分', title: '医院管理：自评与整改' },
    { chapter: '迎评准备', standardRef: null, title: '评审申请材料与自评报告' },
  ],
};
