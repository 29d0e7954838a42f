import '../../i18n/council';
import { App, Button, Card, Col, DatePicker, Flex, Form, Row, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { COUNCIL_POSITIONS, type CouncilMember, type CouncilPosition } from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { councilMembers } from './api';
import { GovSelect, GovTag, isoDay, StaffPick, useConsortiumScope, useGovLabel, UserPick } from './parts';
import { VoteRulesCard } from './VoteRulesCard';

interface Values {
  userId?: string | null;
  staffId?: string | null;
  position: CouncilPosition;
  termStart: Dayjs;
  termEnd?: Dayjs | null;
}

/** 理事会: who holds which position, for which term; the voting rules of its documents. */
export default function CouncilPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useGovLabel();
  const { message } = App.useApp();
  const onError = useApiError();
  const { consortiumId, picker } = useConsortiumScope();
  const list = useListQuery(['position', 'inOffice'] as const, { fixed: { consortiumId } });
  const { data, isFetching, error, refetch } = councilMembers.useList(list.params, {
    enabled: !!consortiumId,
  });
  const create = councilMembers.useCreate();
  const update = councilMembers.useUpdate();
  const remove = councilMembers.useRemove();
  const [form] = Form.useForm<Values>();
  const editor = useEditor<CouncilMember, Values>(form, (m) =>
    m
      ? { position: m.position, termStart: dayjs(m.termStart), termEnd: m.termEnd ? dayjs(m.termEnd) : null }
      : { position: 'member', termStart: dayjs() },
  );
  const manage = can('council.manage');

  const save = async (v: Values) => {
    const term = { position: v.position, termStart: isoDay(v.termStart)!, termEnd: isoDay(v.termEnd) };
    try {
      if (editor.record) await update.mutateAsync({ id: editor.record.id, body: term });
      else
        await create.mutateAsync({
          consortiumId: consortiumId!,
          userId: v.userId ?? null,
          staffId: v.staffId ?? null,
          ...term,
        });
      void message.success(t('common.saved'));
      editor.close();
    } catch (e) {
      onError(e, form);
    }
  };

  const columns: TableColumnsType<CouncilMember> = [
    {
      title: t('council.members.name'),
      key: 'name',
      render: (_, m) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{m.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.institutionName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('council.members.position'),
      dataIndex: 'position',
      render: (v: string) => <GovTag ns="councilPosition" value={v} testId="member-position" />,
    },
    {
      title: t('council.members.term'),
      key: 'term',
      render: (_, m) => `${m.termStart} ~ ${m.termEnd ?? t('council.members.openEnded')}`,
    },
    {
      title: t('council.members.inOffice'),
      dataIndex: 'inOffice',
      responsive: ['md'],
      render: (v: boolean) =>
        v ? (
          <Typography.Text type="success">{t('council.members.inOffice')}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('council.members.notInOffice')}</Typography.Text>
        ),
    },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, m: CouncilMember) => (
              <Space>
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => editor.openEdit(m)}
                  aria-label={t('common.edit')}
                />
                <DeleteButton
                  name={m.name}
                  title={t('council.members.removeHint')}
                  onDelete={() => remove.mutateAsync(m.id)}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('council.members.title')}
        subtitle={t('council.members.subtitle')}
        extra={
          <Space wrap>
            {picker}
            {manage && consortiumId && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={editor.openCreate}
                data-testid="add-member"
              >
                {t('council.members.add')}
              </Button>
            )}
          </Space>
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('council.members.searchPlaceholder')}
        filters={
          <>
            <GovSelect
              ns="councilPosition"
              values={COUNCIL_POSITIONS}
              allowClear
              value={list.filters.position as CouncilPosition | undefined}
              onChange={(v) => list.setFilter('position', v)}
              placeholder={t('council.members.position')}
              style={{ width: mobile ? '100%' : 140 }}
            />
            <Select<string>
              allowClear
              value={list.filters.inOffice}
              onChange={(v) => list.setFilter('inOffice', v)}
              placeholder={t('council.members.inOffice')}
              style={{ width: mobile ? '100%' : 140 }}
              options={[
                { value: 'true', label: t('council.members.inOffice') },
                { value: 'false', label: t('council.members.notInOffice') },
              ]}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<CouncilMember>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="council-table"
      />
      {consortiumId && (
        <Card title={t('council.rules.title')} size="small" style={{ marginTop: 16 }}>
          <VoteRulesCard consortiumId={consortiumId} />
        </Card>
      )}
      <FormDrawer<Values>
        open={!!editor.editing}
        title={
          editor.record ? `${t('council.members.edit')} · ${editor.record.name}` : t('council.members.add')
        }
        form={form}
        onClose={editor.close}
        onSubmit={save}
        submitting={create.isPending || update.isPending}
        testId="member-drawer"
      >
        {!editor.record && (
          <>
            <Typography.Paragraph type="secondary">{t('council.members.holderHint')}</Typography.Paragraph>
            <Form.Item name="userId" label={t('council.members.user')} extra={t('council.members.userHint')}>
              <UserPick consortiumId={consortiumId} data-testid="member-user" />
            </Form.Item>
            <Form.Item name="staffId" label={t('council.members.staff')}>
              <StaffPick consortiumId={consortiumId} />
            </Form.Item>
          </>
        )}
        <Form.Item name="position" label={t('council.members.position')} rules={[{ required: true }]}>
          <Select
            options={COUNCIL_POSITIONS.map((p) => ({ value: p, label: label('councilPosition', p) }))}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="termStart" label={t('council.members.termStart')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="termEnd" label={t('council.members.termEnd')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
