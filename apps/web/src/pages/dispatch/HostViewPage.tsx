import { Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { CrownOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DispatchPosting } from '@yilian/domain';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useEnumLabel } from '../../components/EnumSelect';
import { useCurrentUser } from '../../hooks/useAuth';
import { useHostView } from './api';
import { DispatchTag, daysBetween } from './parts';

/** 驻点专家: the host's view of who is stationed now and who arrives next. */
export default function HostViewPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const enumLabel = useEnumLabel();
  const [sp, setSp] = useSearchParams();
  const institutionId = sp.get('institutionId') ?? me.institutionId ?? undefined;
  const view = useHostView(institutionId);

  const item = (p: DispatchPosting, note: string) => (
    <List.Item data-testid="host-posting">
      <List.Item.Meta
        title={
          <Space size={4} wrap>
            <strong>{p.staffName}</strong>
            <span>{enumLabel('staffTitle', p.staffTitle)}</span>
            <DispatchTag ns="role" value={p.role} />
            {p.isLeader && (
              <Tag icon={<CrownOutlined />} color="gold">
                {t('dispatch.batch.isLeader')}
              </Tag>
            )}
            {p.hostPosition && <Tag color="purple">{p.hostPosition}</Tag>}
          </Space>
        }
        description={`${p.sendingInstitutionName}${p.departmentName ? ` ${p.departmentName}` : ''} · ${p.batchName} · ${p.startDate} ~ ${p.endDate} · ${note}`}
      />
    </List.Item>
  );

  return (
    <>
      <PageHeader
        title={t('dispatch.host.title')}
        subtitle={view.data?.institutionName}
        extra={
          me.role !== 'clinician' &&
          me.role !== 'dispatched_expert' && (
            <InstitutionSelect
              consortiumId={me.consortiumId ?? undefined}
              value={institutionId}
              onChange={(v) => setSp(v ? { institutionId: v } : {})}
              placeholder={t('dispatch.host.institution')}
              style={{ width: 240 }}
            />
          )
        }
      />
      <LoadError error={view.error} onRetry={() => void view.refetch()} />
      {view.data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('dispatch.host.current', { date: view.data.today })} size="small">
              {view.data.current.length === 0 ? (
                <Empty description={t('dispatch.host.none')} />
              ) : (
                <List
                  dataSource={view.data.current}
                  renderItem={(p) =>
                    item(p, t('dispatch.host.daysLeft', { n: daysBetween(view.data.today, p.endDate) + 1 }))
                  }
                />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('dispatch.host.upcoming')} size="small">
              {view.data.upcoming.length === 0 ? (
                <Empty description={t('dispatch.host.none')} />
              ) : (
                <List
                  dataSource={view.data.upcoming}
                  renderItem={(p) =>
                    item(p, t('dispatch.host.startsIn', { n: daysBetween(view.data.today, p.startDate) }))
                  }
                />
              )}
            </Card>
          </Col>
        </Row>
      )}
      {!institutionId && <Typography.Text type="secondary">{t('dispatch.host.institution')}</Typography.Text>}
    </>
  );
}
