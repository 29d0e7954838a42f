import { useState } from 'react';
import { App, Button, Popconfirm } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../utils/errors';

/**
 * Delete behind a confirmation. A 409 (the record is still in use) or any other error is shown
 * with the server's detail; success says so.
 */
export function DeleteButton({
  onDelete,
  name,
  title,
  label,
  testId,
  disabled,
}: {
  onDelete: () => Promise<unknown>;
  /** What is being deleted, shown in the question. */
  name?: string;
  title?: string;
  label?: string;
  testId?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const [busy, setBusy] = useState(false);
  return (
    <Popconfirm
      title={title ?? t('common.confirmDelete')}
      description={name ? t('common.confirmDeleteNamed', { name }) : t('common.confirmDeleteHint')}
      okText={t('common.delete')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'confirm-delete' } as never}
      disabled={disabled}
      onConfirm={async () => {
        setBusy(true);
        try {
          await onDelete();
          void message.success(t('common.deleted'));
        } catch (e) {
          onError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Button
        type="link"
        size="small"
        danger
        icon={<DeleteOutlined />}
        disabled={disabled}
        data-testid={testId}
      >
        {label ?? t('common.delete')}
      </Button>
    </Popconfirm>
  );
}
