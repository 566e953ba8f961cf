import { useT } from '@rapport/ui-shared';
import { Form, type FormInstance, type FormProps, Modal } from 'antd';
import type { ReactNode } from 'react';

export interface FormModalProps<Values> {
  open: boolean;
  title: ReactNode;
  form: FormInstance<Values>;
  onFinish: (values: Values) => void;
  onClose: () => void;
  /** While the save runs, the OK button spins. */
  saving: boolean;
  /** data-testid of the OK (save) button. */
  submitTestId: string;
  initialValues?: FormProps<Values>['initialValues'];
  autoComplete?: string;
  children: ReactNode;
}

/** A modal holding one vertical form, with Save and Cancel; Save submits the form. */
export function FormModal<Values>({
  open,
  title,
  form,
  onFinish,
  onClose,
  saving,
  submitTestId,
  initialValues,
  autoComplete,
  children,
}: FormModalProps<Values>) {
  const tShared = useT();
  return (
    <Modal
      open={open}
      title={title}
      okText={tShared('common.save')}
      cancelText={tShared('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': submitTestId }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={initialValues}
        onFinish={onFinish}
        autoComplete={autoComplete}
      >
        {children}
      </Form>
    </Modal>
  );
}
