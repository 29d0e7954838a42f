import '../../i18n/indicator';
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, App, Button, Descriptions, Flex, Input, Modal, Popconfirm, Upload } from 'antd';
import {
  CheckOutlined,
  RollbackOutlined,
  SaveOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ReportAction, ReportFormSave } from '@yilian/domain';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';
import { indicators, useReportForm, useReportFormChange, type ReportFormWithActions } from './api';
import { IndicatorTag, XlsxButton } from './parts';
import { errorsByCode, type EntryErrors } from './entry-errors';
import { ReportEntry, type Entries } from './ReportEntry';

const entriesOf = (form: ReportFormWithActions): Entries =>
  Object.fromEntries(
    form.values.map((v) => [
      v.code,
      { numerator: v.numerator, denominator: v.denominator, note: v.note ?? '' },
    ]),
  );

/** 上报表填报与审核: the member fills in and submits; the office approves or returns it. */
export default function ReportFormPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const { data: form, error, refetch } = useReportForm(id);
  const defs = indicators.useAll(form?.consortiumId);
  const change = useReportFormChange(id!);
  const [entries, setEntries] = useState<Entries>({});
  const [errors, setErrors] = useState<EntryErrors>({});
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');

  // A fresh copy of the form (loaded, saved, moved) resets what is being typed.
  useEffect(() => {
    if (form) setEntries(entriesOf(form));
  }, [form]);

  const rows = useMemo(
    () =>
      (form?.values ?? []).map((value) => ({ value, def: defs.data?.find((d) => d.code === value.code) })),
    [form, defs.data],
  );
  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (!form) return <PageSpinner />;

  const editable = form.actions.includes('submit');
  const busy = change.save.isPending || change.act.isPending || change.importSheet.isPending;
  const body = (): ReportFormSave => ({
    values: form.values.map((v) => {
      const e = entries[v.code]!;
      return {
        code: v.code,
        numerator: e.numerator,
        denominator: e.denominator,
        note: e.note.trim() || null,
      };
    }),
  });
  const failed = (e: unknown, sent: string[]) => {
    const byCode = errorsByCode(e, sent);
    setErrors(byCode);
    if (Object.keys(byCode).length) void message.error(t('errors.checkFields'));
    else onError(e);
  };
  const save = async (quiet = false) => {
    const b = body();
    try {
      await change.save.mutateAsync(b);
      setErrors({});
      if (!quiet) void message.success(t('common.saved'));
      return true;
    } catch (e) {
      failed(
        e,
        b.values.map((v) => v.code),
      );
      return false;
    }
  };
  const act = async (action: ReportAction, note?: string) => {
    // What is typed is saved first, so that a submit sends what the member sees.
    if (action === 'submit' && !(await save(true))) return;
    try {
      await change.act.mutateAsync({ action, comment: note });
      setErrors({});
      setReturning(false);
      void message.success(t(`indicator.report.done.${action}`));
    } catch (e) {
      failed(e, []);
    }
  };

  return (
    <>
      <PageHeader
        title={`${form.institutionName} · ${form.period}`}
        subtitle={<IndicatorTag ns="reportState" value={form.state} testId="report-state" />}
        extra={
          <>
            <XlsxButton
              path={`/report-forms/${form.id}/xlsx`}
              label={t('indicator.report.downloadSheet')}
              testId="download-sheet"
            />
            {editable && (
              <Upload
                accept=".xlsx"
                showUploadList={false}
                customRequest={({ file }) =>
                  change.importSheet.mutate(file as File, {
                    onSuccess: () => {
                      setErrors({});
                      void message.success(t('indicator.report.imported'));
                    },
                    onError: (e) =>
                      failed(
                        e,
                        form.values.map((v) => v.code),
                      ),
                  })
                }
              >
                <Button
                  icon={<UploadOutlined />}
                  loading={change.importSheet.isPending}
                  data-testid="import-sheet"
                >
                  {t('indicator.report.importSheet')}
                </Button>
              </Upload>
            )}
            {editable && (
              <Button
                icon={<SaveOutlined />}
                onClick={() => void save()}
                loading={change.save.isPending}
                data-testid="save-form"
              >
                {t('common.save')}
              </Button>
            )}
            {editable && (
              <Popconfirm
                title={t('indicator.report.confirmSubmit')}
                description={t('indicator.report.confirmSubmitHint')}
                okText={t('indicator.report.submit')}
                cancelText={t('common.cancel')}
                onConfirm={() => act('submit')}
              >
                <Button type="primary" icon={<SendOutlined />} disabled={busy} data-testid="submit-form">
                  {t('indicator.report.submit')}
                </Button>
              </Popconfirm>
            )}
            {form.actions.includes('return') && (
              <Button
                icon={<RollbackOutlined />}
                onClick={() => setReturning(true)}
                data-testid="return-form"
              >
                {t('indicator.report.return')}
              </Button>
            )}
            {form.actions.includes('approve') && (
              <Popconfirm
                title={t('indicator.report.confirmApprove')}
                description={t('indicator.report.confirmApproveHint')}
                okText={t('indicator.report.approve')}
                cancelText={t('common.cancel')}
                onConfirm={() => act('approve')}
              >
                <Button type="primary" icon={<CheckOutlined />} disabled={busy} data-testid="approve-form">
                  {t('indicator.report.approve')}
                </Button>
              </Popconfirm>
            )}
          </>
        }
      />
      {form.state === 'returned' && form.reviewComment && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('indicator.report.returnedBy', { who: form.reviewedBy ?? '' })}
          description={form.reviewComment}
        />
      )}
      {form.state === 'approved' && (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('indicator.report.locked')} />
      )}
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('indicator.report.filled')}>
          {form.filled}/{form.total}
        </Descriptions.Item>
        <Descriptions.Item label={t('indicator.report.submittedAt')}>
          {form.submittedAt ? `${formatDateTime(form.submittedAt)} ${form.submittedBy ?? ''}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('indicator.report.reviewedAt')}>
          {form.reviewedAt ? `${formatDateTime(form.reviewedAt)} ${form.reviewedBy ?? ''}` : '—'}
        </Descriptions.Item>
      </Descriptions>
      <ReportEntry
        rows={rows}
        entries={entries}
        errors={errors}
        editable={editable}
        onChange={(code, patch) => {
          setEntries((prev) => ({ ...prev, [code]: { ...prev[code]!, ...patch } }));
          setErrors((prev) => {
            const next = { ...prev };
            for (const f of Object.keys(patch)) delete next[`${code}.${f}`];
            return next;
          });
        }}
      />
      <Flex style={{ height: 24 }} />
      <Modal
        open={returning}
        title={t('indicator.report.return')}
        okText={t('indicator.report.return')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !comment.trim(), 'data-testid': 'confirm-return' } as never}
        confirmLoading={change.act.isPending}
        onCancel={() => setReturning(false)}
        onOk={() => act('return', comment.trim())}
      >
        <Input.TextArea
          rows={4}
          maxLength={1000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={t('indicator.report.returnPlaceholder')}
          data-testid="return-comment"
        />
      </Modal>
    </>
  );
}
