import { useState } from 'react';
import { Button, Card, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '@yilian/domain';
import { useCan } from '../../hooks/useAuth';
import { useProblemList } from '../ledger/api';
import { GovTag } from '../ledger/parts';
import { RaiseProblemDrawer } from '../ledger/RaiseProblemDrawer';

/** The problems raised in this meeting (linked both ways), and raising one in a step. */
export function MeetingProblems({ m }: { m: MeetingDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const [open, setOpen] = useState(false);
  const list = useProblemList({ meetingId: m.id, pageSize: 100 });
  return (
    <Card
      size="small"
      title={t('meeting.problems')}
      extra={
        can('ledger.raise') &&
        m.status !== 'cancelled' && (
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="raise-problem">
            {t('meeting.raiseProblem')}
          </Button>
        )
      }
    >
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 'max-content' }}
        data-testid="meeting-problems"
        columns={[
          { title: t('ledger.number'), dataIndex: 'number' },
          {
            title: t('ledger.title'),
            dataIndex: 'title',
            render: (v, p) => (
              <Link to={`/problems/${p.id}`} data-testid="problem-link">
                {v}
              </Link>
            ),
          },
          {
            title: t('ledger.category'),
            dataIndex: 'category',
            render: (v) => <GovTag ns="problemCategory" value={v} />,
          },
          { title: t('ledger.owner'), dataIndex: 'ownerDepartmentName', responsive: ['md'] },
          {
            title: t('ledger.status'),
            dataIndex: 'status',
            render: (v) => <GovTag ns="problemStatus" value={v} />,
          },
        ]}
      />
      <RaiseProblemDrawer open={open} onClose={() => setOpen(false)} meeting={m} />
    </Card>
  );
}
