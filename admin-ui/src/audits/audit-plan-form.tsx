import {
  AUDIT_KINDS,
  AUDIT_MODES,
  CUSTOMER_CLASSES,
  GRADES,
  INSPECTION_METHOD_LABELS,
  INSPECTION_METHODS,
  RISK_FLAGS,
} from '@rapport/schemas';
import { formatDateTime, localisedName, useForms, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { auditPreviewQuery } from '../api/audits';
import { orgUnitsQuery } from '../api/org';
import { usersQuery } from '../api/users';
import { problemsAt, type ServerProblem, serverProblemsOf } from '../cycles/server-problems';
import { buildUnitTree } from '../org/unit-tree';
import { gradeLabel } from '../org/vocabulary-labels';
import { useAuditT } from './audit-messages';
import { type PlanValues, previewContentOf } from './plan-values';

interface UnitOption {
  value: string;
  title: string;
  children: UnitOption[];
}

const timeZones = (): string[] => {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai', 'UTC'];
};

export interface AuditPlanFormProps {
  institutionId: string;
  initialValues: PlanValues;
  /** Creating: the code can be typed; editing: it is fixed. */
  isNew: boolean;
  problems: readonly ServerProblem[];
  saving: boolean;
  onSubmit: (values: PlanValues) => void;
  /** Called on any edit, to clear the server's problems that may no longer hold. */
  onEdit: () => void;
}

/** How many managers the plan covers and samples now, and when it next triggers, asked as the admin types. */
function PlanPreview({ institutionId, values }: { institutionId: string; values: PlanValues | undefined }) {
  const t = useAuditT();
  const content = useMemo(() => previewContentOf(values), [values]);
  // Asked once typing pauses, not on every keystroke.
  const [asked, setAsked] = useState(content);
  const key = JSON.stringify(content);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `content`, compared by value.
  useEffect(() => {
    const timer = setTimeout(() => setAsked(content), 300);
    return () => clearTimeout(timer);
  }, [key]);
  const preview = useQuery(auditPreviewQuery(institutionId, asked));
  if (!asked) return <Typography.Text type="secondary">{t('preview.waiting')}</Typography.Text>;
  if (preview.isError) {
    const problems = serverProblemsOf(preview.error);
    return (
      <Alert
        type="warning"
        showIcon
        title={t('preview.failed')}
        data-testid="plan-preview-error"
        description={
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {(problems.length > 0 ? problems.map((p) => p.message) : [preview.error.message]).map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        }
      />
    );
  }
  const data = preview.data;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="plan-preview">
      <Descriptions.Item label={t('preview.population')}>
        <span data-testid="preview-population">{data ? data.population : '…'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('preview.sampleSize')}>
        <span data-testid="preview-sample-size">{data ? data.sampleSize : '…'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('preview.nextTriggers')}>
        <span data-testid="preview-next-triggers">
          {data ? data.nextTriggers.map((d) => formatDateTime(d)).join('，') : '…'}
        </span>
      </Descriptions.Item>
      {asked.kind === 'random' ? (
        <Descriptions.Item span={3}>
          <Typography.Text type="secondary">
            {t('preview.randomNote', { days: asked.schedule.windowDays })}
          </Typography.Text>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

/** Every field of a plan, with the preview live as it changes and each server problem on its field. */
export function AuditPlanForm({
  institutionId,
  initialValues,
  isNew,
  problems,
  saving,
  onSubmit,
  onEdit,
}: AuditPlanFormProps) {
  const t = useAuditT();
  const language = useLanguage();
  const [form] = Form.useForm<PlanValues>();
  const values = Form.useWatch([], { form, preserve: true }) as PlanValues | undefined;
  const units = useQuery(orgUnitsQuery(institutionId));
  const users = useQuery(usersQuery(institutionId));
  const forms = useForms(institutionId);
  const focus = Form.useWatch(['scope', 'focus'], form) ?? initialValues.scope.focus;
  const kind = Form.useWatch('kind', form) ?? initialValues.kind;
  const design = Form.useWatch(['sampling', 'design'], form) ?? initialValues.sampling.design;
  const sizeKind = Form.useWatch(['sampling', 'sizeKind'], form) ?? initialValues.sampling.sizeKind;

  const unitTree = useMemo(
    () =>
      buildUnitTree<UnitOption>(units.data ?? [], (unit, children) => ({
        value: unit.id,
        title: localisedName(unit.name, language),
        children,
      })),
    [units.data, language],
  );
  const auditors = (users.data ?? []).filter((u) => u.role === 'auditor' && !u.disabled);
  const checklists = (forms.data ?? []).filter((f) => f.latestVersion !== null);
  const zones = useMemo(() => timeZones().map((z) => ({ value: z })), []);
  const required = [{ required: true, message: t('plan.required') }];
  const at = (path: string) => {
    const found = problemsAt(problems, path);
    return found.length > 0 ? { validateStatus: 'error' as const, help: found.join('；') } : {};
  };

  return (
    <Form<PlanValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={onSubmit}
      onValuesChange={onEdit}
      data-testid="audit-plan-form"
    >
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('plan.problems')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="plan-problems">
              {problems.map((p) => (
                <li key={`${p.path}-${p.message}`}>{p.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Card size="small" title={t('plan.section.basics')} style={{ marginBottom: 16 }}>
        <Row gutter={12}>
          <Col xs={24} md={6}>
            <Form.Item name="code" label={t('audits.code')} rules={required} {...at('/code')}>
              <Input disabled={!isNew} maxLength={40} data-testid="plan-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item name={['name', 'zh']} label={t('audits.nameZh')} rules={required} {...at('/name/zh')}>
              <Input maxLength={200} data-testid="plan-name-zh" />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item name={['name', 'en']} label={t('audits.nameEn')} rules={required} {...at('/name/en')}>
              <Input maxLength={200} data-testid="plan-name-en" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('audits.kind')} {...at('/kind')}>
              <Radio.Group
                optionType="button"
                data-testid="plan-kind"
                options={AUDIT_KINDS.map((k) => ({ value: k, label: t(`audits.kind.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="mode" label={t('audits.mode')} {...at('/mode')}>
              <Radio.Group
                optionType="button"
                data-testid="plan-mode"
                options={AUDIT_MODES.map((m) => ({ value: m, label: t(`audits.mode.${m}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="announced" label={t('audits.announced')} {...at('/announced')}>
              <Radio.Group
                optionType="button"
                data-testid="plan-announced"
                options={[
                  { value: false, label: t('audits.announced.no') },
                  { value: true, label: t('audits.announced.yes') },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('plan.section.scope')} style={{ marginBottom: 16 }}>
        <Form.Item
          name={['scope', 'focus']}
          label={t('plan.focus')}
          extra={focus === 'focused' ? t('plan.focusHelp') : undefined}
          {...at('/scope/focus')}
        >
          <Radio.Group
            data-testid="plan-focus"
            options={(['comprehensive', 'focused'] as const).map((f) => ({
              value: f,
              label: t(`plan.focus.${f}`),
            }))}
          />
        </Form.Item>
        {focus === 'focused' ? (
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name={['scope', 'orgUnitIds']}
                label={t('plan.orgUnits')}
                extra={t('plan.orgUnitsHelp')}
                {...at('/scope/orgUnitIds')}
              >
                <TreeSelect<string[], UnitOption>
                  multiple
                  treeData={unitTree}
                  treeDefaultExpandAll
                  loading={units.isPending}
                  showSearch={{ treeNodeFilterProp: 'title' }}
                  data-testid="plan-org-units"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['scope', 'grades']} label={t('plan.grades')} {...at('/scope/grades')}>
                <Select
                  mode="multiple"
                  data-testid="plan-grades"
                  options={GRADES.map((g) => ({ value: g, label: gradeLabel(g, language) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name={['scope', 'customerClasses']}
                label={t('plan.customerClasses')}
                extra={t('plan.customerClassesHelp')}
                {...at('/scope/customerClasses')}
              >
                <Select
                  mode="multiple"
                  data-testid="plan-customer-classes"
                  options={CUSTOMER_CLASSES.map((c) => ({ value: c, label: t(`plan.class.${c}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name={['scope', 'riskFlags']}
                label={t('plan.riskFlags')}
                {...at('/scope/riskFlags')}
              >
                <Select
                  mode="multiple"
                  data-testid="plan-risk-flags"
                  options={RISK_FLAGS.map((r) => ({ value: r, label: t(`plan.risk.${r}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
        ) : null}
      </Card>

      <Card size="small" title={t('plan.section.checklist')} style={{ marginBottom: 16 }}>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item
              name="checklistFormKey"
              label={t('plan.checklist')}
              extra={t('plan.checklistHelp')}
              rules={required}
              {...at('/checklistFormKey')}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={forms.isPending}
                data-testid="plan-checklist"
                options={checklists.map((f) => ({
                  value: f.key,
                  label: `${localisedName(f.title, language)} (${f.key})`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item
              name="auditorIds"
              label={t('plan.auditors')}
              extra={t('plan.auditorsHelp')}
              rules={required}
              {...at('/auditorIds')}
            >
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: 'label' }}
                loading={users.isPending}
                data-testid="plan-auditors"
                options={auditors.map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name="daysToComplete"
              label={t('plan.daysToComplete')}
              rules={required}
              {...at('/daysToComplete')}
            >
              <InputNumber
                min={1}
                max={365}
                precision={0}
                style={{ width: '100%' }}
                data-testid="plan-days"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="methods" label={t('plan.methods')} rules={required} {...at('/methods')}>
          <Checkbox.Group data-testid="plan-methods">
            <Row gutter={[8, 4]}>
              {INSPECTION_METHODS.map((m) => (
                <Col key={m} xs={12} md={8} lg={6}>
                  <Checkbox value={m} data-testid={`plan-method-${m}`}>
                    {INSPECTION_METHOD_LABELS[m].zh}
                    {language === 'en' ? ` · ${INSPECTION_METHOD_LABELS[m].en}` : ''}
                  </Checkbox>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
      </Card>

      <Card size="small" title={t('plan.section.schedule')} style={{ marginBottom: 16 }}>
        <Row gutter={12}>
          <Col xs={24} md={7}>
            <Form.Item
              name={['schedule', 'cron']}
              label={t('plan.cron')}
              extra={t('plan.cronHelp')}
              rules={required}
              {...at('/schedule/cron')}
            >
              <Input maxLength={100} style={{ fontFamily: 'monospace' }} data-testid="plan-cron" />
            </Form.Item>
          </Col>
          <Col xs={24} md={7}>
            <Form.Item
              name={['schedule', 'tz']}
              label={t('plan.tz')}
              rules={required}
              {...at('/schedule/tz')}
            >
              <AutoComplete
                options={zones}
                showSearch={{
                  filterOption: (input, option) =>
                    String(option?.value ?? '')
                      .toLowerCase()
                      .includes(input.toLowerCase()),
                }}
                data-testid="plan-tz"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item
              name={['schedule', 'windowDays']}
              label={t('plan.windowDays')}
              extra={kind === 'random' ? t('plan.windowDaysHelp') : undefined}
              {...at('/schedule/windowDays')}
            >
              <InputNumber
                min={0}
                max={92}
                precision={0}
                style={{ width: '100%' }}
                data-testid="plan-window"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item
              name={['schedule', 'workingDaysOnly']}
              label={t('plan.workingDaysOnly')}
              valuePropName="checked"
              {...at('/schedule/workingDaysOnly')}
            >
              <Switch data-testid="plan-working-days" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('plan.section.sampling')} style={{ marginBottom: 16 }}>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name={['sampling', 'design']} label={t('plan.design')} {...at('/sampling/design')}>
              <Select
                data-testid="plan-design"
                options={(['simple', 'stratified', 'pps'] as const).map((d) => ({
                  value: d,
                  label: t(`plan.design.${d}`),
                }))}
              />
            </Form.Item>
          </Col>
          {design === 'stratified' ? (
            <>
              <Col xs={12} md={8}>
                <Form.Item name={['sampling', 'by']} label={t('plan.by')} {...at('/sampling/by')}>
                  <Select
                    options={(['orgUnit', 'grade'] as const).map((b) => ({
                      value: b,
                      label: t(`plan.by.${b}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item
                  name={['sampling', 'allocation']}
                  label={t('plan.allocation')}
                  {...at('/sampling/allocation')}
                >
                  <Select
                    options={(['proportional', 'neyman'] as const).map((a) => ({
                      value: a,
                      label: t(`plan.allocation.${a}`),
                    }))}
                  />
                </Form.Item>
              </Col>
            </>
          ) : null}
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name={['sampling', 'sizeKind']} label={t('plan.size')} {...at('/sampling/size')}>
              <Radio.Group
                optionType="button"
                data-testid="plan-size-kind"
                options={(['fixed', 'rate', 'confidence'] as const).map((k) => ({
                  value: k,
                  label: t(`plan.size.${k}`),
                }))}
              />
            </Form.Item>
          </Col>
          {sizeKind === 'fixed' ? (
            <Col xs={12} md={5}>
              <Form.Item
                name={['sampling', 'n']}
                label={t('plan.n')}
                rules={required}
                {...at('/sampling/size/n')}
              >
                <InputNumber
                  min={1}
                  max={10000}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid="plan-n"
                />
              </Form.Item>
            </Col>
          ) : null}
          {sizeKind === 'rate' ? (
            <Col xs={12} md={5}>
              <Form.Item
                name={['sampling', 'ratePct']}
                label={t('plan.rate')}
                rules={required}
                {...at('/sampling/size/rate')}
              >
                <InputNumber min={0.1} max={100} style={{ width: '100%' }} data-testid="plan-rate" />
              </Form.Item>
            </Col>
          ) : null}
          {sizeKind === 'confidence' ? (
            <>
              <Col xs={12} md={5}>
                <Form.Item
                  name={['sampling', 'confidencePct']}
                  label={t('plan.confidence')}
                  rules={required}
                  {...at('/sampling/size/confidence')}
                >
                  <InputNumber min={1} max={99.9} style={{ width: '100%' }} data-testid="plan-confidence" />
                </Form.Item>
              </Col>
              <Col xs={12} md={5}>
                <Form.Item
                  name={['sampling', 'tolerablePct']}
                  label={t('plan.tolerableRate')}
                  rules={required}
                  {...at('/sampling/size/tolerableRate')}
                >
                  <InputNumber min={0.1} max={99.9} style={{ width: '100%' }} data-testid="plan-tolerable" />
                </Form.Item>
              </Col>
            </>
          ) : null}
        </Row>
      </Card>

      <Card size="small" title={t('plan.section.preview')} style={{ marginBottom: 16 }}>
        <PlanPreview institutionId={institutionId} values={values} />
      </Card>

      <Button type="primary" htmlType="submit" loading={saving} data-testid="plan-save">
        {t('plan.save')}
      </Button>
    </Form>
  );
}
