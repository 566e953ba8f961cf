import {
  dataProblems,
  type FormProblem,
  RapportForm,
  type RapportFormData,
  useApiErrorHandler,
} from '@rapport/ui-shared';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Empty, Flex, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type Customer, customerQuery, useUpdateCustomerFile } from '../api/customers';
import { useCustomerT } from './customers-messages';
import { useKeyedForm } from './use-keyed-form';

/** A file's data without a form to render it by: one line per top-level field. */
function RawFile({ data }: { data: Record<string, unknown> }) {
  const t = useCustomerT();
  const entries = Object.entries(data);
  if (entries.length === 0) return <Empty description={t('file.empty')} />;
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      items={entries.map(([key, value]) => ({
        key,
        label: key,
        children: typeof value === 'object' ? JSON.stringify(value) : String(value),
      }))}
    />
  );
}

/**
 * The customer file: read-only by the form version it was filled against; its relationship
 * manager edits it against the latest version of the institution's file form.
 */
export function FileSection({
  institutionId,
  customer,
  fileFormKey,
  editable,
}: {
  institutionId: string;
  customer: Customer;
  fileFormKey: string | null;
  editable: boolean;
}) {
  const t = useCustomerT();
  const { message } = App.useApp();
  const handleApiError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const update = useUpdateCustomerFile(institutionId, customer.id);
  const [editing, setEditing] = useState(false);
  const [data, setData] = useState<RapportFormData>(customer.fileData);
  const [serverErrors, setServerErrors] = useState<FormProblem[] | undefined>(undefined);
  // The file is shown by its own version when it has one; editing uses the latest.
  const shown = useKeyedForm(
    institutionId,
    editing ? fileFormKey : (customer.fileForm?.key ?? fileFormKey),
    editing ? null : (customer.fileForm?.version ?? null),
  );

  if (!fileFormKey && !customer.fileForm) {
    return (
      <>
        <Typography.Paragraph type="secondary" data-testid="file-no-form">
          {t('file.noForm')}
        </Typography.Paragraph>
        {Object.keys(customer.fileData).length > 0 ? <RawFile data={customer.fileData} /> : null}
      </>
    );
  }
  if (shown.loading) return <Spin />;
  if (!shown.version) {
    return (
      <>
        <Typography.Paragraph type="secondary">{t('file.unreadable')}</Typography.Paragraph>
        <RawFile data={customer.fileData} />
      </>
    );
  }

  const save = async (valid: RapportFormData) => {
    setServerErrors(undefined);
    try {
      const saved = await update.mutateAsync({ rev: customer.rev, fileData: valid });
      setData(saved.fileData);
      setEditing(false);
      message.success(t('file.saved'));
    } catch (error) {
      const problems = dataProblems(error);
      if (problems.length > 0) {
        setServerErrors(problems);
        message.error(t('file.invalid'));
      } else {
        handleApiError(error, {
          onConflict: () =>
            queryClient.invalidateQueries({ queryKey: customerQuery(institutionId, customer.id).queryKey }),
        });
      }
    }
  };

  return (
    <div data-testid="customer-file">
      <Flex align="center" gap={8} style={{ marginBottom: 8 }}>
        <Tag data-testid="file-version">{t('file.version', { version: shown.version.version })}</Tag>
        {editable && !editing ? (
          <Button
            onClick={() => {
              setData(customer.fileData);
              setServerErrors(undefined);
              setEditing(true);
            }}
            data-testid="file-edit"
          >
            {t('file.edit')}
          </Button>
        ) : null}
      </Flex>
      {editing ? (
        <RapportForm
          schema={shown.version.schema}
          uiSchema={shown.version.uiSchema}
          formData={data}
          onChange={setData}
          onSubmit={save}
          serverErrors={serverErrors}
          disabled={update.isPending}
        >
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="file-save">
              {t('file.save')}
            </Button>
            <Button onClick={() => setEditing(false)} disabled={update.isPending}>
              {t('file.cancel')}
            </Button>
          </Space>
        </RapportForm>
      ) : (
        <RapportForm
          schema={shown.version.schema}
          uiSchema={shown.version.uiSchema}
          formData={customer.fileData}
          readonly
        />
      )}
    </div>
  );
}
