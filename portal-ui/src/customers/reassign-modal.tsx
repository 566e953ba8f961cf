import { isApiError, showValidationErrors, useApiErrorHandler } from '@rapport/ui-shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { type Customer, customerQuery, managersPickerQuery, useReassignCustomer } from '../api/customers';
import { useCustomerT } from './customers-messages';

interface Values {
  relationshipManagerId: string;
  reason: string;
}

/** A supervisor moves a customer to another manager of their units, with a reason the history keeps. */
export function ReassignModal({
  institutionId,
  customer,
  open,
  onClose,
}: {
  institutionId: string;
  customer: Customer;
  open: boolean;
  onClose: () => void;
}) {
  const t = useCustomerT();
  const { message } = App.useApp();
  const handleApiError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const managers = useQuery({ ...managersPickerQuery(institutionId), enabled: open });
  const reassign = useReassignCustomer(institutionId, customer.id);
  const [form] = Form.useForm<Values>();

  const submit = async (values: Values) => {
    try {
      await reassign.mutateAsync({
        rev: customer.rev,
        relationshipManagerId: values.relationshipManagerId,
        reason: values.reason.trim(),
      });
      message.success(t('reassign.done'));
      onClose();
    } catch (error) {
      if (isApiError(error, 'CUSTOMERS_ERR_SAME_OWNERS')) {
        form.setFields([{ name: 'relationshipManagerId', errors: [t('reassign.same')] }]);
        return;
      }
      if (showValidationErrors(form, error, ['relationshipManagerId', 'reason'])) return;
      handleApiError(error, {
        onConflict: () =>
          queryClient.invalidateQueries({ queryKey: customerQuery(institutionId, customer.id).queryKey }),
      });
    }
  };

  return (
    <Modal
      title={t('reassign.title', { name: customer.name })}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('reassign.submit')}
      okButtonProps={{
        loading: reassign.isPending,
        ...({ 'data-testid': 'reassign-submit' } as Record<`data-${string}`, string>),
      }}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="relationshipManagerId"
          label={t('reassign.manager')}
          rules={[{ required: true, message: t('reassign.managerRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={managers.isPending}
            options={managers.data
              ?.filter((m) => m.id !== customer.relationshipManager?.id)
              .map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }))}
            data-testid="reassign-manager"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('reassign.reason')}
          rules={[{ required: true, whitespace: true, message: t('reassign.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="reassign-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
