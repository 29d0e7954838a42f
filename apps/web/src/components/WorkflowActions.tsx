import type { ReactNode } from 'react';
import { Button, Flex, Modal } from 'antd';
import { useTranslation } from 'react-i18next';

// The action row and the action dialog of a workflow record (a referral, a consultation): one
// button per allowed action, destructive ones in red, and a dialog for what an action asks for.

export function ActionButtonRow<A extends string>(props: {
  actions: readonly A[];
  destructive: readonly A[];
  icons: Record<A, ReactNode>;
  label: (action: A) => string;
  onStart: (action: A) => void;
  /** The action whose request is running without a dialog open. */
  pending: A | null;
  mobile: boolean;
  testId: string;
}) {
  const { actions, destructive, icons, label, onStart, pending, mobile, testId } = props;
  return (
    <Flex gap={8} wrap data-testid={testId}>
      {actions.map((a) => (
        <Button
          key={a}
          type={destructive.includes(a) ? 'default' : 'primary'}
          danger={destructive.includes(a)}
          icon={icons[a]}
          onClick={() => onStart(a)}
          loading={pending === a}
          data-testid={`action-${a}`}
          block={mobile}
          style={mobile ? { flex: '1 1 40%' } : undefined}
        >
          {label(a)}
        </Button>
      ))}
    </Flex>
  );
}

export function ActionDialog(props: {
  open: boolean;
  title?: string;
  okText?: string;
  danger: boolean;
  loading: boolean;
  width: number | string;
  onCancel: () => void;
  onOk: () => void;
  testId?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      onOk={props.onOk}
      okText={props.okText}
      cancelText={t('common.cancel')}
      okButtonProps={
        { danger: props.danger, loading: props.loading, 'data-testid': 'action-submit' } as never
      }
      forceRender
      width={props.width}
      data-testid={props.testId}
    >
      {props.children}
    </Modal>
  );
}
