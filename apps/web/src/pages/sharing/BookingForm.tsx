import '../../i18n/sharing';
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Flex,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Select,
  Typography,
} from 'antd';
import { CalendarOutlined, CheckCircleOutlined, RedoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import {
  REPEAT_REASONS,
  bookingCreate,
  type BookingCreate,
  type RecognizedResult,
  type RepeatReason,
  type SharedResource,
} from '@yilian/domain';
import { isApiError } from '../../api/client';
import {
  useCreateBooking,
  useRecognitionCheck,
  useRecognitionReuse,
  type ResourceSlot,
} from '../../api/sharing';
import { useIsMobile } from '../../hooks/useIsMobile';
import { applyFieldErrors, useApiError } from '../../utils/errors';
import { textOrNull, validate } from '../../utils/form';
import {
  fillFromResidentId,
  INITIAL_PATIENT,
  PatientFields,
  patientPayload,
  useSharingLabel,
  type PatientValues,
} from './parts';
import { chinaTime } from './SlotGrid';

interface Values {
  patient: PatientValues;
  examCode?: string;
  examName?: string;
  note?: string;
}

type Stage =
  | { kind: 'form' }
  | { kind: 'recognition'; results: RecognizedResult[]; body: BookingCreate }
  | { kind: 'reused'; result: RecognizedResult }
  | { kind: 'booked' };

/** Earlier results (检查检验结果互认): reuse one, or say why the exam is done again. */
function RecognitionPrompt({
  results,
  busy,
  onReuse,
  onRepeat,
  onBack,
}: {
  results: RecognizedResult[];
  busy: 'reuse' | 'repeat' | null;
  onReuse: (r: RecognizedResult) => void;
  onRepeat: (r: RecognizedResult, reason: RepeatReason, note: string | null) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const label = useSharingLabel();
  const [picked, setPicked] = useState(results[0]!.id);
  const [repeat, setRepeat] = useState(false);
  const [form] = Form.useForm<{ reason?: RepeatReason; note?: string }>();
  const result = results.find((r) => r.id === picked) ?? results[0]!;
  return (
    <Flex vertical gap={12} data-testid="recognition-prompt">
      <Alert
        type="info"
        showIcon
        title={t('sharing.recognition.title')}
        description={t('sharing.recognition.hint')}
      />
      <Radio.Group
        value={picked}
        onChange={(e) => setPicked(e.target.value as string)}
        style={{ width: '100%' }}
      >
        <Flex vertical gap={8}>
          {results.map((r) => (
            <div
              key={r.id}
              className={`recognition-result${r.id === picked ? ' recognition-picked' : ''}`}
              data-testid="recognition-result"
            >
              <Radio value={r.id}>
                <Typography.Text strong>
                  {r.examName} · {r.institutionName}
                </Typography.Text>
              </Radio>
              <div style={{ fontSize: 12, marginTop: 4 }}>
                {t('sharing.recognition.performedOn')}：{r.performedOn} ·{' '}
                {t('sharing.recognition.validUntil')}：{r.validUntil}
              </div>
              {/* The radio group sets font-size 0 on its children; give the summary its own size. */}
              <div className="consultation-text" style={{ marginTop: 4, fontSize: 14 }}>
                {r.summary}
              </div>
            </div>
          ))}
        </Flex>
      </Radio.Group>
      {!repeat ? (
        <Flex gap={8} wrap>
          <Button
            type="primary"
            icon={<CheckCircleOutlined />}
            loading={busy === 'reuse'}
            onClick={() => onReuse(result)}
            data-testid="recognition-reuse"
          >
            {t('sharing.recognition.reuse')}
          </Button>
          <Button icon={<RedoOutlined />} onClick={() => setRepeat(true)} data-testid="recognition-repeat">
            {t('sharing.recognition.repeat')}
          </Button>
          <Button type="link" onClick={onBack}>
            {t('sharing.recognition.back')}
          </Button>
        </Flex>
      ) : (
        <Card size="small" title={t('sharing.recognition.repeatTitle')}>
          <Form
            form={form}
            layout="vertical"
            requiredMark
            onFinish={(v) => onRepeat(result, v.reason!, textOrNull(v.note))}
          >
            <Form.Item
              name="reason"
              label={t('sharing.recognition.reason')}
              rules={[{ required: true, message: t('sharing.recognition.reasonRequired') }]}
            >
              <Select
                options={REPEAT_REASONS.map((r) => ({ value: r, label: label('repeatReason', r) }))}
                data-testid="field-repeat-reason"
              />
            </Form.Item>
            <Form.Item name="note" label={t('sharing.recognition.note')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
            </Form.Item>
            <Flex gap={8} wrap>
              <Button
                type="primary"
                htmlType="submit"
                icon={<CalendarOutlined />}
                loading={busy === 'repeat'}
                data-testid="recognition-book"
              >
                {t('sharing.recognition.bookAnyway')}
              </Button>
              <Button onClick={() => setRepeat(false)}>{t('common.cancel')}</Button>
            </Flex>
          </Form>
        </Card>
      )}
    </Flex>
  );
}

/**
 * Booking an exam at a shared resource for a patient of one's own institution. Before anything is
 * booked the consortium is asked for a valid earlier result of the same exam (互认); if there is
 * one it is shown, and the doctor reuses it (nothing is booked) or books with a reason.
 */
export function BookingDrawer({
  resource,
  slot,
  onClose,
}: {
  resource: SharedResource;
  slot: ResourceSlot | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const check = useRecognitionCheck();
  const reuse = useRecognitionReuse();
  const create = useCreateBooking();
  const [stage, setStage] = useState<Stage>({ kind: 'form' });
  const busy = check.isPending || create.isPending;

  const close = () => {
    setStage({ kind: 'form' });
    form.resetFields();
    onClose();
  };

  const book = (body: BookingCreate) =>
    create.mutate(body, {
      onSuccess: () => {
        void message.success(t('sharing.booking.booked'));
        setStage({ kind: 'booked' });
      },
      onError: (e) => {
        // A result was recorded meanwhile: the server asks for the choice.
        if (isApiError(e) && e.status === 409 && e.problem.errors?.[0]?.field === 'recognition') {
          check.mutate(
            {
              patient: { idType: body.patient.idType, idNumber: body.patient.idNumber },
              examCode: body.examCode,
            },
            {
              onSuccess: (results) => results.length > 0 && setStage({ kind: 'recognition', results, body }),
            },
          );
          return;
        }
        if (isApiError(e) && e.status === 409 && e.problem.errors?.some((x) => x.field === 'slotStart')) {
          void message.warning(t('sharing.booking.slotTaken'));
          return;
        }
        if (isApiError(e) && e.problem.errors?.length) {
          setStage({ kind: 'form' });
          applyFieldErrors(form, e.problem.errors);
        }
        onError(e);
      },
    });

  const submit = async () => {
    if (!slot || busy) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = validate<BookingCreate>(form, t, bookingCreate, {
      resourceId: resource.id,
      slotStart: slot.start,
      patient: patientPayload(v.patient),
      examCode: v.examCode?.trim(),
      examName: v.examName?.trim(),
      note: textOrNull(v.note),
    });
    if (!body) return;
    check.mutate(
      { patient: { idType: body.patient.idType, idNumber: body.patient.idNumber }, examCode: body.examCode },
      {
        onSuccess: (results) =>
          results.length > 0 ? setStage({ kind: 'recognition', results, body }) : book(body),
        onError: (e) => onError(e, form),
      },
    );
  };

  const body = stage.kind === 'recognition' ? stage.body : null;

  return (
    <Drawer
      open={!!slot}
      onClose={close}
      size={mobile ? '100%' : 600}
      title={t('sharing.booking.title', { name: resource.name })}
      forceRender
      data-testid="booking-drawer"
      footer={
        stage.kind === 'form' && (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="booking-submit">
              {t('sharing.booking.submit')}
            </Button>
          </Flex>
        )
      }
    >
      {slot && (
        <Alert
          type="success"
          style={{ marginBottom: 12 }}
          title={t('sharing.booking.slot', {
            date: dayjs(slot.start).format('YYYY-MM-DD dddd'),
            from: chinaTime(slot.start),
            to: chinaTime(slot.end),
          })}
          description={`${resource.ownerInstitutionName}${resource.location ? ` · ${resource.location}` : ''}`}
        />
      )}
      {stage.kind === 'reused' && (
        <Result
          status="success"
          title={t('sharing.recognition.reusedTitle')}
          subTitle={t('sharing.recognition.reusedHint', {
            exam: stage.result.examName,
            institution: stage.result.institutionName,
            date: stage.result.performedOn,
          })}
          extra={<Button onClick={close}>{t('sharing.booking.close')}</Button>}
          data-testid="recognition-reused"
        />
      )}
      {stage.kind === 'booked' && (
        <Result
          status="success"
          title={t('sharing.booking.booked')}
          subTitle={t('sharing.booking.bookedHint')}
          extra={<Button onClick={close}>{t('sharing.booking.close')}</Button>}
        />
      )}
      {stage.kind === 'recognition' && body && (
        <RecognitionPrompt
          results={stage.results}
          busy={reuse.isPending ? 'reuse' : create.isPending ? 'repeat' : null}
          onBack={() => setStage({ kind: 'form' })}
          onReuse={(r) =>
            reuse.mutate(
              { patient: body.patient, examCode: body.examCode, resultId: r.id },
              { onSuccess: () => setStage({ kind: 'reused', result: r }), onError: (e) => onError(e) },
            )
          }
          onRepeat={(r, reason, note) =>
            book({ ...body, recognition: { decision: 'repeat', resultId: r.id, reason, note } })
          }
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ patient: INITIAL_PATIENT }}
        onValuesChange={(c, all) => fillFromResidentId(form, c, all)}
        requiredMark
        style={{ display: stage.kind === 'form' ? undefined : 'none' }}
      >
        <PatientFields form={form} />
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="examCode"
              label={t('sharing.booking.examCode')}
              rules={[{ required: true, whitespace: true }]}
              extra={t('sharing.booking.examCodeHint')}
            >
              <Input maxLength={40} autoComplete="off" data-testid="field-exam-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              name="examName"
              label={t('sharing.booking.examName')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={100} data-testid="field-exam-name" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('sharing.booking.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
