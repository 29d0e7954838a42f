import { useState, type ReactNode } from 'react';
import { Button, Drawer, Flex, Form } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../hooks/useIsMobile';

/** Which record a drawer edits: none (closed), a new one, or an existing one. */
export type Editing<T> = null | { mode: 'create' } | { mode: 'edit'; record: T };

/** Open/close state of a create-or-edit drawer, resetting its form with the right values. */
export function useEditor<T, V extends object>(
  form: FormInstance<V>,
  toValues: (record: T | null) => Partial<V>,
) {
  const [editing, setEditing] = useState<Editing<T>>(null);
  return {
    editing,
    record: editing?.mode === 'edit' ? editing.record : null,
    openCreate() {
      form.resetFields();
      form.setFieldsValue(toValues(null) as never);
      setEditing({ mode: 'create' });
    },
    openEdit(record: T) {
      form.resetFields();
      form.setFieldsValue(toValues(record) as never);
      setEditing({ mode: 'edit', record });
    },
    close: () => setEditing(null),
  };
}

/**
 * A form in a drawer: full screen on a phone, 560 px wide otherwise. Fields are laid out by the
 * caller (use <Row gutter><Col xs={24} md={12}> so that they stack on a phone).
 */
export function FormDrawer<V extends object>({
  open,
  title,
  form,
  onClose,
  onSubmit,
  submitting,
  children,
  testId,
  width = 560,
  initialValues,
}: {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  onClose: () => void;
  onSubmit: (values: V) => void | Promise<void>;
  submitting?: boolean;
  children: ReactNode;
  testId?: string;
  width?: number;
  initialValues?: Partial<V>;
}) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  return (
    <Drawer
      open={open}
      title={title}
      onClose={onClose}
      size={mobile ? '100%' : width}
      forceRender
      data-testid={testId}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={submitting} onClick={() => form.submit()} data-testid="form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form<V>
        form={form}
        layout="vertical"
        // Enter in a field submits too: never twice while a save is under way.
        onFinish={(v) => (submitting || !open ? undefined : onSubmit(v))}
        initialValues={initialValues}
        scrollToFirstError
        requiredMark
      >
        {children}
        {/* Enter in a text field submits */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
