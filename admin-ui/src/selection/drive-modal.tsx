import {
  DEFAULT_ELIGIBILITY_RULES,
  DEFAULT_SELECTION_WEIGHTS,
  type EligibilityRules,
  SELECTION_CRITERIA,
  type SelectionWeights,
} from '@rapport/schemas';
import { useLanguage } from '@rapport/ui-shared';
import { Checkbox, Col, Divider, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { FormModal } from '../components/form-modal';
import { ProblemAlert } from '../org/problem-alert';
import { useProblemSave } from '../org/use-problem-save';
import { type DriveView, useCreateDrive, useUpdateDrive } from './selection-api';
import { criterionLabel, degreeOptions } from './selection-labels';
import { useSelectionT } from './selection-messages';

interface DriveForm {
  code: string;
  nameZh: string;
  nameEn: string;
  positions: number;
  eligibility: EligibilityRules;
  weights: SelectionWeights;
}

/** Opens a drive, or changes an open one (its code stays); the rules and weights start from the seed's. */
export function DriveModal({
  institutionId,
  open,
  drive,
  onClose,
}: {
  institutionId: string;
  open: boolean;
  /** The drive to change; none to open a new one. */
  drive?: DriveView | undefined;
  onClose: () => void;
}) {
  const t = useSelectionT();
  const language = useLanguage();
  const [form] = Form.useForm<DriveForm>();
  const create = useCreateDrive(institutionId);
  const update = useUpdateDrive(institutionId, drive?.id ?? '');
  const { save, problems, close } = useProblemSave({ onClose });
  const weights = Form.useWatch('weights', form) as SelectionWeights | undefined;
  const total = SELECTION_CRITERIA.reduce((sum, c) => sum + (weights?.[c] ?? 0), 0);

  const submit = (values: DriveForm) =>
    save(async () => {
      const content = {
        name: { zh: values.nameZh.trim(), en: values.nameEn.trim() },
        positions: values.positions,
        eligibility: values.eligibility,
        weights: values.weights,
      };
      const saved = drive
        ? await update.mutateAsync({ rev: drive.rev, ...content })
        : await create.mutateAsync({ code: values.code.trim(), ...content });
      return t(drive ? 'selection.saved' : 'selection.created', {
        name: language === 'en' ? saved.name.en : saved.name.zh,
      });
    });

  return (
    <FormModal<DriveForm>
      open={open}
      title={drive ? `${drive.code}` : t('selection.create')}
      form={form}
      onFinish={submit}
      onClose={close}
      saving={create.isPending || update.isPending}
      submitTestId="drive-submit"
      initialValues={{
        code: drive?.code ?? '',
        nameZh: drive?.name.zh ?? '',
        nameEn: drive?.name.en ?? '',
        positions: drive?.positions ?? 1,
        eligibility: drive?.eligibility ?? DEFAULT_ELIGIBILITY_RULES,
        weights: drive?.weights ?? DEFAULT_SELECTION_WEIGHTS,
      }}
      autoComplete="off"
    >
      <ProblemAlert problems={problems} />
      <Form.Item
        name="code"
        label={t('selection.code')}
        extra={t('selection.codeHelp')}
        rules={[
          { required: true, message: t('selection.codeRequired') },
          { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, message: t('selection.codeHelp') },
        ]}
      >
        <Input disabled={Boolean(drive)} data-testid="drive-code" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            name="nameZh"
            label={t('selection.nameZh')}
            rules={[{ required: true, whitespace: true, message: t('selection.nameRequired') }]}
          >
            <Input maxLength={200} data-testid="drive-name-zh" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="nameEn"
            label={t('selection.nameEn')}
            rules={[{ required: true, whitespace: true, message: t('selection.nameRequired') }]}
          >
            <Input maxLength={200} data-testid="drive-name-en" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="positions" label={t('selection.positions')} rules={[{ required: true }]}>
        <InputNumber min={1} max={10000} precision={0} data-testid="drive-positions" />
      </Form.Item>
      <Divider titlePlacement="start">{t('selection.eligibility')}</Divider>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name={['eligibility', 'minDegree']} label={t('selection.minDegree')}>
            <Select options={degreeOptions(language)} data-testid="drive-min-degree" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['eligibility', 'minYears']} label={t('selection.minYears')}>
            <InputNumber min={0} max={60} step={0.5} data-testid="drive-min-years" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={['eligibility', 'noBadRecord']} valuePropName="checked" style={{ marginBottom: 4 }}>
        <Checkbox>{t('selection.noBadRecord')}</Checkbox>
      </Form.Item>
      <Form.Item name={['eligibility', 'healthDeclaration']} valuePropName="checked">
        <Checkbox>{t('selection.healthDeclaration')}</Checkbox>
      </Form.Item>
      <Divider titlePlacement="start">{t('selection.weights')}</Divider>
      <Row gutter={12}>
        {SELECTION_CRITERIA.map((c) => (
          <Col span={8} key={c}>
            <Form.Item name={['weights', c]} label={criterionLabel(c, language)} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} data-testid={`drive-weight-${c}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Typography.Text
        type={Math.abs(total - 100) > 1e-6 ? 'danger' : 'secondary'}
        data-testid="drive-weights-total"
      >
        {t('selection.weightsTotal', { total: Math.round(total * 100) / 100 })} · {t('selection.weightsHelp')}
      </Typography.Text>
    </FormModal>
  );
}
