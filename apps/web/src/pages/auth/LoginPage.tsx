import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Me } from '@yilian/domain';
import { useLogin, useMe } from '../../api/auth';
import { isApiError } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { homePath } from '../../hooks/useAuth';
import { preloadShell, rememberSignedIn } from '../../shell';
import { describeError } from '../../utils/describeError';

interface LoginValues {
  username: string;
  password: string;
}

/** Only same-site paths are honoured after sign-in (no open redirect). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const me = useMe();
  const login = useLogin();
  const [error, setError] = useState<string | null>(null);
  const loggedOut = !!(useLocation().state as { loggedOut?: boolean } | null)?.loggedOut;

  const go = (user: Me) => {
    rememberSignedIn(true);
    const next = safeNext(sp.get('next'));
    navigate(user.mustChangePassword ? '/account/password' : (next ?? homePath(user)), { replace: true });
  };

  if (me.data && !login.isPending && !login.isSuccess) return <Navigate to={homePath(me.data)} replace />;

  // The server says until when (an ISO time in the detail): say it in local time.
  const lockedMessage = (detail: string | undefined) => {
    const iso = detail?.match(/\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})?/)?.[0];
    const until = iso ? dayjs(iso) : null;
    if (until?.isValid()) return t('login.lockedUntil', { time: until.format('YYYY-MM-DD HH:mm') });
    return detail ? t('login.lockedDetail', { detail }) : t('login.locked');
  };

  const onFinish = (v: LoginValues) => {
    if (login.isPending) return;
    setError(null);
    login.mutate(
      { username: v.username.trim(), password: v.password },
      {
        onSuccess: go,
        onError: (e) => {
          if (!isApiError(e)) return setError(t('errors.unknown'));
          if (e.status === 401) return setError(t('login.invalidCredentials'));
          if (e.status === 423) return setError(lockedMessage(e.problem.detail));
          if (e.status === 429) return setError(t('login.tooManyAttempts'));
          setError(describeError(t, e));
        },
      },
    );
  };

  return (
    <div className="login-page">
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 28 } }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <div className="app-brand" style={{ fontSize: 22 }}>
            <img src="/favicon.svg" alt="" />
            {t('app.name')}
          </div>
          <LanguageSwitch />
        </Flex>
        <p style={{ margin: '0 0 20px', color: 'rgba(0, 0, 0, 0.45)' }}>{t('login.subtitle')}</p>
        {loggedOut && !error && (
          <Alert type="success" showIcon title={t('auth.loggedOut')} style={{ marginBottom: 16 }} />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
            role="alert"
          />
        )}
        <Form<LoginValues>
          layout="vertical"
          onFinish={onFinish}
          requiredMark={false}
          autoComplete="on"
          onValuesChange={preloadShell}
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoCapitalize="none"
              autoFocus
              size="large"
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              size="large"
              data-testid="login-password"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={login.isPending}
            data-testid="login-submit"
          >
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
