import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { changePasswordBody, PASSWORD_MIN } from '@yilian/domain';
import { useChangePassword, useMe } from '../../api/auth';
import { isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { homePath } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { validate } from '../../utils/form';
import { passwordRule } from '../../utils/password';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const change = useChangePassword();
  const onError = useApiError();
  const forced = !!me.data?.mustChangePassword;

  const onFinish = (v: Values) => {
    if (change.isPending) return;
    const body = validate(form, t, changePasswordBody, {
      currentPassword: v.currentPassword,
      newPassword: v.newPassword,
    });
    if (!body) return;
    change.mutate(body, {
      onSuccess: async () => {
        void message.success(t('password.changed'));
        form.resetFields();
        const fresh = await me.refetch();
        if (fresh.data) navigate(homePath({ ...fresh.data, mustChangePassword: false }), { replace: true });
      },
      onError: (e) => {
        if (
          isApiError(e) &&
          (e.code === 'invalid_credentials' ||
            e.status === 401 ||
            e.problem.errors?.some((f) => f.field === 'currentPassword'))
        ) {
          form.setFields([{ name: 'currentPassword', errors: [t('password.currentWrong')] }]);
          return;
        }
        // Too many wrong current passwords lock the account as wrong sign-ins do.
        if (isApiError(e) && e.status === 423) {
          const iso = e.problem.detail?.match(/\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})?/)?.[0];
          const until = iso ? dayjs(iso) : null;
          const locked = until?.isValid()
            ? t('login.lockedUntil', { time: until.format('YYYY-MM-DD HH:mm') })
            : t('login.locked');
          form.setFields([{ name: 'currentPassword', errors: [locked] }]);
          return;
        }
        onError(e, form);
      },
    });
  };

  return (
    <div style={{ maxWidth: 520 }}>
      <PageHeader title={t('password.title')} />
      {forced && (
        <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} />
      )}
      <Card>
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} data-testid="password-form">
          <Form.Item
            name="currentPassword"
            label={t('password.current')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="password-current" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            extra={t('password.rule', { min: PASSWORD_MIN })}
            rules={[
              { required: true, message: t('validation.required') },
              passwordRule(t, () => me.data?.username),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) =>
                  !v || v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
