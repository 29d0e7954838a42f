import { App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { MEMBER_ROLES, membershipInvitationCreate, type MemberRole } from '@yilian/domain';
import { invitations } from '../../api/registry';
import { EnumSelect } from '../../components/EnumSelect';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useApiError } from '../../utils/errors';
import { toDate, validate } from '../../utils/form';

interface Values {
  institutionCode?: string;
  role?: MemberRole;
  joinedOn?: Dayjs | null;
  note?: string;
}

/**
 * The office invites an institution by the code the hospital gives it. Nothing is bound until the
 * institution's administrator accepts, so the office learns nothing of the institution meanwhile.
 */
export function InviteModal({
  consortiumId,
  open,
  onClose,
}: {
  consortiumId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const invite = invitations.useInvite(consortiumId);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();

  const onFinish = (v: Values) => {
    const body = validate(form, t, membershipInvitationCreate, {
      institutionCode: v.institutionCode?.trim() || undefined,
      role: v.role,
      joinedOn: toDate(v.joinedOn) ?? undefined,
      note: v.note?.trim() || undefined,
    });
    if (!body) return;
    invite.mutate(body, {
      onSuccess: (inv) => {
        void message.success(t('invitation.sent', { name: inv.institutionName }));
        form.resetFields();
        onClose();
      },
      onError: (e) => onError(e, form),
    });
  };

  return (
    <Modal
      open={open}
      title={t('invitation.invite')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('invitation.send')}
      okButtonProps={{ 'data-testid': 'invite-submit' } as never}
      cancelText={t('common.cancel')}
      confirmLoading={invite.isPending}
      forceRender
      width={mobile ? '100%' : 480}
    >
      <Typography.Paragraph type="secondary">{t('invitation.hint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ role: 'member' }}
        onFinish={(v) => (invite.isPending ? undefined : onFinish(v))}
      >
        <Form.Item
          name="institutionCode"
          label={t('invitation.institutionCode')}
          extra={t('invitation.institutionCodeHint')}
          rules={[{ required: true, message: t('invitation.institutionCodeRequired') }]}
        >
          <Input maxLength={64} data-testid="invite-code" />
        </Form.Item>
        <Form.Item name="role" label={t('membership.role')} rules={[{ required: true }]}>
          <EnumSelect ns="memberRole" values={MEMBER_ROLES} />
        </Form.Item>
        <Form.Item
          name="joinedOn"
          label={t('invitation.proposedJoinedOn')}
          extra={t('invitation.joinedOnHint')}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('invitation.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
