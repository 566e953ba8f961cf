import type { CandidateContent, Degree } from '@rapport/schemas';
import { useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import { useMemo } from 'react';
import { usersQuery } from '../api/users';
import { FormModal } from '../components/form-modal';
import { ProblemAlert } from '../org/problem-alert';
import { useProblemSave } from '../org/use-problem-save';
import { useAddCandidate } from './selection-api';
import { degreeOptions } from './selection-labels';
import { useSelectionT } from './selection-messages';

interface CandidateForm {
  origin: 'internal' | 'external';
  userId?: string;
  name: string;
  email?: string;
  phone?: string;
  degree: Degree;
  yearsOfSimilarWork: number;
  badRecord: boolean;
  badRecordNote?: string;
  healthDeclared: boolean;
}

/** Adds a candidate: an internal one chosen among the institution's users, an external one by email. */
export function CandidateModal({
  institutionId,
  driveId,
  open,
  onClose,
}: {
  institutionId: string;
  driveId: string;
  open: boolean;
  onClose: () => void;
}) {
  const t = useSelectionT();
  const language = useLanguage();
  const [form] = Form.useForm<CandidateForm>();
  const add = useAddCandidate(institutionId, driveId);
  const { save, problems, close } = useProblemSave({ onClose });
  const origin = Form.useWatch('origin', form) ?? 'internal';
  const badRecord = Form.useWatch('badRecord', form);
  const users = useQuery({ ...usersQuery(institutionId), enabled: open });
  const userOptions = useMemo(
    () =>
      (users.data ?? [])
        .filter((u) => !u.disabled)
        .map((u) => ({ value: u.id, label: `${u.name} (${u.email})`, name: u.name })),
    [users.data],
  );

  const submit = ({ origin: from, userId, email, phone, badRecordNote, ...rest }: CandidateForm) =>
    save(async () => {
      const input: CandidateContent = {
        ...rest,
        name: rest.name.trim(),
        scores: {},
        ...(from === 'internal' && userId ? { userId } : {}),
        ...(from === 'external' && email ? { email: email.trim() } : {}),
        ...(phone?.trim() ? { phone: phone.trim() } : {}),
        ...(rest.badRecord && badRecordNote?.trim() ? { badRecordNote: badRecordNote.trim() } : {}),
      };
      const candidate = await add.mutateAsync(input);
      return t('candidates.added', { name: candidate.name });
    });

  return (
    <FormModal<CandidateForm>
      open={open}
      title={t('candidates.add')}
      form={form}
      onFinish={submit}
      onClose={close}
      saving={add.isPending}
      submitTestId="candidate-submit"
      initialValues={{
        origin: 'internal',
        degree: 'college',
        yearsOfSimilarWork: 1,
        badRecord: false,
        healthDeclared: true,
      }}
      autoComplete="off"
    >
      <ProblemAlert problems={problems} />
      <Form.Item name="origin" label={t('candidates.origin')}>
        <Radio.Group
          optionType="button"
          data-testid="candidate-origin"
          options={[
            { value: 'internal', label: t('candidates.internal') },
            { value: 'external', label: t('candidates.external') },
          ]}
        />
      </Form.Item>
      {origin === 'internal' ? (
        <Form.Item
          name="userId"
          label={t('candidates.user')}
          rules={[{ required: true, message: t('candidates.userRequired') }]}
        >
          <Select
            data-testid="candidate-user"
            showSearch={{ optionFilterProp: 'label' }}
            loading={users.isPending}
            options={userOptions}
            onChange={(id: string) => {
              const chosen = userOptions.find((o) => o.value === id);
              if (chosen && !form.getFieldValue('name')) form.setFieldValue('name', chosen.name);
            }}
          />
        </Form.Item>
      ) : (
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item
              name="email"
              label={t('candidates.email')}
              extra={t('candidates.emailHelp')}
              rules={[
                { required: true, message: t('candidates.emailRequired') },
                { type: 'email', message: t('candidates.emailInvalid') },
              ]}
            >
              <Input maxLength={254} data-testid="candidate-email" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="phone" label={t('candidates.phone')}>
              <Input maxLength={40} data-testid="candidate-phone" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item
        name="name"
        label={t('candidates.name')}
        rules={[{ required: true, whitespace: true, message: t('candidates.nameRequired') }]}
      >
        <Input maxLength={100} data-testid="candidate-name" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="degree" label={t('candidates.degree')}>
            <Select options={degreeOptions(language)} data-testid="candidate-degree" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="yearsOfSimilarWork" label={t('candidates.years')} rules={[{ required: true }]}>
            <InputNumber min={0} max={60} step={0.5} data-testid="candidate-years" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="healthDeclared" valuePropName="checked" style={{ marginBottom: 4 }}>
        <Checkbox data-testid="candidate-health">{t('candidates.healthDeclared')}</Checkbox>
      </Form.Item>
      <Form.Item name="badRecord" valuePropName="checked" style={{ marginBottom: badRecord ? 4 : undefined }}>
        <Checkbox data-testid="candidate-bad-record">{t('candidates.badRecord')}</Checkbox>
      </Form.Item>
      {badRecord ? (
        <Form.Item name="badRecordNote" label={t('candidates.badRecordNote')}>
          <Input.TextArea maxLength={1000} rows={2} data-testid="candidate-bad-record-note" />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}
