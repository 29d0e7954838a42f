import { App, Button, Col, Form, Input, Row, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  INSTITUTION_GRADES,
  INSTITUTION_KINDS,
  INSTITUTION_LEVELS,
  institutionCreate,
  institutionUpdate,
  type Institution,
  type InstitutionGrade,
  type InstitutionKind,
  type InstitutionLevel,
} from '@yilian/domain';
import { institutions } from '../../api/registry';
import { DeleteButton } from '../../components/DeleteButton';
import { EnumSelect, EnumTag, useLevelGrade } from '../../components/EnumSelect';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ConsortiumSelect, RegionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, textOrNull, validate } from '../../utils/form';

interface Values {
  code: string;
  name: string;
  shortName: string;
  kind: InstitutionKind;
  level: InstitutionLevel;
  grade: InstitutionGrade;
  regionCode: string;
  address: string;
  uscc: string;
  medicalLicenseNo: string;
  consortiumId?: string;
}

export default function InstitutionListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const levelGrade = useLevelGrade();
  const list = useListQuery(['kind', 'level', 'consortiumId', 'regionCode'] as const);
  const { data, isFetching, error, refetch } = institutions.useList(list.params);
  const create = institutions.useCreate();
  const update = institutions.useUpdate();
  const remove = institutions.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const editor = useEditor<Institution, Values>(form, (i) =>
    i
      ? {
          code: i.code,
          name: i.name,
          shortName: i.shortName ?? '',
          kind: i.kind,
          level: i.level,
          grade: i.grade,
          regionCode: i.regionCode,
          address: i.address ?? '',
          uscc: i.uscc ?? '',
          medicalLicenseNo: i.medicalLicenseNo ?? '',
        }
      : { level: 'unrated', grade: 'none', consortiumId: me.consortiumId ?? undefined },
  );
  const canCreate = can('institution.create');

  const onSubmit = (v: Values) => {
    const payload = {
      code: v.code?.trim(),
      name: v.name?.trim(),
      shortName: textOrNull(v.shortName),
      kind: v.kind,
      level: v.level,
      grade: v.grade,
      regionCode: v.regionCode,
      address: textOrNull(v.address),
      uscc: textOrNull(v.uscc),
      medicalLicenseNo: textOrNull(v.medicalLicenseNo),
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, institutionUpdate, changedFields(editor.record, payload));
      if (!body) return;
      update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, institutionCreate, {
        ...payload,
        consortiumId: me.consortiumId ?? v.consortiumId ?? undefined,
      });
      if (!body) return;
      create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<Institution> = [
    {
      title: t('institution.name'),
      dataIndex: 'name',
      render: (name: string, i) => (
        <div>
          <div>{name}</div>
          {i.shortName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {i.shortName}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: t('institution.code'), dataIndex: 'code', responsive: ['lg'] },
    {
      title: t('institution.uscc'),
      dataIndex: 'uscc',
      responsive: ['xl'],
      render: (v: string | null) => v && <Typography.Text copyable>{v}</Typography.Text>,
    },
    {
      title: t('institution.kind'),
      dataIndex: 'kind',
      responsive: ['sm'],
      render: (k: InstitutionKind) => <EnumTag ns="institutionKind" value={k} />,
    },
    { title: t('institution.levelGrade'), key: 'lg', render: (_, i) => levelGrade(i.level, i.grade) },
    {
      title: t('common.region'),
      dataIndex: 'regionName',
      responsive: ['md'],
      render: (n: string | null, i) => n ?? i.regionCode,
    },
    { title: t('institution.address'), dataIndex: 'address', responsive: ['xl'], ellipsis: true },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, i) => (
        <Space size={0} wrap>
          <Link to={`/departments?institutionId=${i.id}`}>{t('nav.departments')}</Link>
          <Link to={`/staff?institutionId=${i.id}`} style={{ marginInlineStart: 8 }}>
            {t('nav.staff')}
          </Link>
          {i.manageable && (
            <>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(i)}>
                {t('common.edit')}
              </Button>
              <DeleteButton name={i.name} onDelete={() => remove.mutateAsync(i.id)} />
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.institutions')}
        extra={
          canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-institution"
            >
              {t('institution.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('institution.searchPlaceholder')}
        filters={
          <>
            <EnumSelect
              ns="institutionKind"
              values={INSTITUTION_KINDS}
              value={list.filters.kind as InstitutionKind | undefined}
              onChange={(v) => list.setFilter('kind', v)}
              allowClear
              placeholder={t('institution.kind')}
              style={{ width: 160 }}
            />
            <EnumSelect
              ns="institutionLevel"
              values={INSTITUTION_LEVELS}
              value={list.filters.level as InstitutionLevel | undefined}
              onChange={(v) => list.setFilter('level', v)}
              allowClear
              placeholder={t('institution.level')}
              style={{ width: 120 }}
            />
            {!me.consortiumId && (
              <ConsortiumSelect
                value={list.filters.consortiumId}
                onChange={(v) => list.setFilter('consortiumId', v)}
                placeholder={t('common.consortium')}
                style={{ width: 200 }}
              />
            )}
            <RegionSelect
              value={list.filters.regionCode}
              onChange={(v) => list.setFilter('regionCode', v)}
              placeholder={t('common.regionPlaceholder')}
              style={{ width: 180 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<Institution>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('institution.edit') : t('institution.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="institution-form"
      >
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="name" label={t('institution.name')} rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="code"
              label={t('institution.code')}
              rules={[{ required: true }]}
              extra={t('common.codeHint')}
            >
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="shortName" label={t('institution.shortName')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('institution.kind')} rules={[{ required: true }]}>
              <EnumSelect ns="institutionKind" values={INSTITUTION_KINDS} />
            </Form.Item>
          </Col>
          <Col xs={12} md={12}>
            <Form.Item name="level" label={t('institution.level')} rules={[{ required: true }]}>
              <EnumSelect ns="institutionLevel" values={INSTITUTION_LEVELS} />
            </Form.Item>
          </Col>
          <Col xs={12} md={12}>
            <Form.Item name="grade" label={t('institution.grade')} rules={[{ required: true }]}>
              <EnumSelect ns="institutionGrade" values={INSTITUTION_GRADES} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="regionCode" label={t('common.region')} rules={[{ required: true }]}>
              <RegionSelect placeholder={t('common.regionPlaceholder')} />
            </Form.Item>
          </Col>
          {!editor.record && !me.consortiumId && (
            <Col xs={24} md={12}>
              <Form.Item
                name="consortiumId"
                label={t('institution.joinConsortium')}
                extra={t('institution.joinConsortiumHint')}
              >
                <ConsortiumSelect />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="uscc" label={t('institution.uscc')} extra={t('institution.usccHint')}>
              <Input maxLength={18} style={{ textTransform: 'uppercase' }} data-testid="institution-uscc" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="medicalLicenseNo"
              label={t('institution.medicalLicenseNo')}
              extra={t('institution.medicalLicenseNoHint')}
            >
              <Input maxLength={40} style={{ textTransform: 'uppercase' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t('institution.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
