import { Flex, Table, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TrainingEnrolment } from '@yilian/domain';
import { useEnumLabel } from '../../components/EnumSelect';
import { useIsMobile } from '../../hooks/useIsMobile';
import { EnrolmentActions } from './EnrolmentActions';
import { EnrolmentStatusTag, TrainingKindTag } from './parts';

/** Trainees with their dates and the actions open to the user; used by the list and a programme's page. */
export function EnrolmentTable({
  items,
  loading,
  pagination,
  showProgramme = true,
}: {
  items: TrainingEnrolment[] | undefined;
  loading: boolean;
  pagination: TablePaginationConfig | false;
  showProgramme?: boolean;
}) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const label = useEnumLabel();
  const yesNo = (v: boolean | null) =>
    v === null ? '' : v ? t('personnel.common.yes') : t('personnel.common.no');
  const columns: TableColumnsType<TrainingEnrolment> = [
    {
      title: t('personnel.training.trainee'),
      key: 'trainee',
      render: (_, e) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>
            {e.staffName}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {label('staffTitle', e.staffTitle)}
            </Typography.Text>
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.institutionName}
          </Typography.Text>
          {mobile && <EnrolmentStatusTag status={e.status} />}
        </Flex>
      ),
    },
    ...(showProgramme
      ? [
          {
            title: t('personnel.training.name'),
            key: 'programme',
            responsive: ['md' as const],
            render: (_: unknown, e: TrainingEnrolment) => (
              <Flex vertical gap={2} align="flex-start">
                <Link to={`/training/programmes/${e.programmeId}`}>{e.programmeName}</Link>
                <TrainingKindTag kind={e.programmeKind} />
              </Flex>
            ),
          },
        ]
      : []),
    {
      title: t('personnel.training.statusLabel'),
      key: 'status',
      responsive: ['md'],
      render: (_, e) => <EnrolmentStatusTag status={e.status} />,
    },
    { title: t('personnel.training.appliedOn'), dataIndex: 'appliedOn', responsive: ['lg'] },
    { title: t('personnel.training.startedOn'), dataIndex: 'startedOn', responsive: ['lg'] },
    { title: t('personnel.training.completedOn'), dataIndex: 'completedOn', responsive: ['lg'] },
    { title: t('personnel.training.returnedOn'), dataIndex: 'returnedOn', responsive: ['md'] },
    {
      title: t('personnel.figures.independent'),
      dataIndex: 'worksIndependently',
      responsive: ['md'],
      render: yesNo,
    },
    { title: t('personnel.training.sessionsAttended'), dataIndex: 'sessionsAttended', responsive: ['lg'] },
    { title: t('common.actions'), key: 'actions', render: (_, e) => <EnrolmentActions enrolment={e} /> },
  ];
  return (
    <Table<TrainingEnrolment>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 'max-content' }}
      data-testid="enrolment-table"
    />
  );
}
