import { useState } from 'react';
import { Button, Card, Form, Input, List, Modal, Typography, Upload } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { REPORT_TEMPLATE_SECTIONS, type MeetingDetail } from '@yilian/domain';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';
import { useGovLabel } from '../ledger/parts';
import { fetchReportTemplate, reportFileUrl, useReports, useSubmitReport, useUploadReportFile } from './api';

interface Values {
  institutionId: string;
  period: string;
  title: string;
  sections: Record<string, string>;
}

const thisQuarter = () => `${dayjs().year()}Q${Math.floor(dayjs().month() / 3) + 1}`;

/** Members' quarterly work reports: written from the template (figures pre-filled), with a signed scan. */
export function MeetingReports({ m }: { m: MeetingDetail }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  // Who reports for a member, as the server decides: its own staff who run meetings or raise
  // problems, and the office.
  const mayReport = can('meeting.manage') || can('ledger.raise');
  const reportsFor = (institutionId: string) =>
    mayReport &&
    (me.role === 'platform_admin' || me.role === 'consortium_office' || me.institutionId === institutionId);
  const label = useGovLabel();
  const reports = useReports(m.id);
  const submit = useSubmitReport(m.id);
  const upload = useUploadReportFile(m.id);
  const showError = useApiError();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();

  const fill = async () => {
    const { institutionId, period } = form.getFieldsValue();
    if (!institutionId || !period) return void form.validateFields(['institutionId', 'period']);
    try {
      const tpl = await fetchReportTemplate(m.id, institutionId, period);
      form.setFieldsValue({
        title: tpl.title,
        sections: Object.fromEntries(tpl.sections.map((s) => [s.key, s.body])),
      });
    } catch (e) {
      showError(e, form);
    }
  };
  const save = (v: Values) =>
    submit.mutate(
      {
        institutionId: v.institutionId,
        period: v.period,
        title: v.title,
        sections: REPORT_TEMPLATE_SECTIONS.map((key) => ({ key, body: v.sections?.[key] ?? '' })),
      },
      { onSuccess: () => setOpen(false), onError: (e) => showError(e, form) },
    );

  return (
    <Card
      size="small"
      title={t('meeting.reports')}
      extra={
        m.status !== 'cancelled' &&
        mayReport && (
          <Button
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ institutionId: me.institutionId ?? undefined, period: thisQuarter() });
              setOpen(true);
            }}
            data-testid="add-report"
          >
            {t('meeting.addReport')}
          </Button>
        )
      }
    >
      <List
        size="small"
        loading={reports.isFetching}
        dataSource={reports.data}
        locale={{ emptyText: t('meeting.none') }}
        renderItem={(r) => (
          <List.Item
            actions={[
              r.fileName ? (
                <a key="dl" href={reportFileUrl(r.id)}>
                  <DownloadOutlined /> {r.fileName}
                </a>
              ) : null,
              reportsFor(r.institutionId) ? (
                <Upload
                  key="up"
                  showUploadList={false}
                  accept="application/pdf,image/png,image/jpeg"
                  customRequest={({ file }) =>
                    upload.mutate({ reportId: r.id, file: file as File }, { onError: (e) => showError(e) })
                  }
                >
                  <Button size="small" icon={<UploadOutlined />}>
                    {t('meeting.uploadFile')}
                  </Button>
                </Upload>
              ) : null,
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={r.title}
              description={`${r.institutionName} · ${r.period} · ${r.submittedBy} · ${formatDateTime(r.createdAt)}`}
            />
          </List.Item>
        )}
      />
      <Modal
        open={open}
        title={t('meeting.addReport')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: submit.isPending }}
        cancelText={t('common.cancel')}
        width={720}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="institutionId" label={t('meeting.reportInstitution')} rules={[{ required: true }]}>
            <InstitutionSelect consortiumId={m.consortiumId} />
          </Form.Item>
          <Form.Item
            name="period"
            label={t('meeting.period')}
            rules={[{ required: true, pattern: /^\d{4}Q[1-4]$/ }]}
          >
            <Input placeholder="2026Q1" style={{ width: 160 }} />
          </Form.Item>
          <Button onClick={() => void fill()} style={{ marginBottom: 12 }} data-testid="load-template">
            {t('meeting.loadTemplate')}
          </Button>
          <Form.Item name="title" label={t('meeting.reportTitle')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          {REPORT_TEMPLATE_SECTIONS.map((key) => (
            <Form.Item
              key={key}
              name={['sections', key]}
              label={<Typography.Text strong>{label('reportSection', key)}</Typography.Text>}
            >
              <Input.TextArea rows={3} maxLength={20000} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </Card>
  );
}
