import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../utils/describeError';

/** The session check itself failed (server down, network): say so and offer to retry. */
export default function LoadFailedPage({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('errors.loadFailed')}
      subTitle={describeError(t, error)}
      extra={<Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}
