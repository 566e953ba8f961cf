import {
  AUDIT_KINDS,
  AUDIT_MODES,
  CUSTOMER_CLASSES,
  INSPECTION_METHOD_LABELS,
  INSPECTION_METHODS,
  RISK_FLAGS,
} from '@rapport/schemas';
import { customerClassTerm, localisedName, useForms, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import { useMemo } from 'react';
import { usersQuery } from '../api/users';
import { PlanBasics } from '../plan-editor/plan-basics';
import { usePlanEditorT } from '../plan-editor/plan-editor-messages';
import { PlanForm, PlanItem, PlanSection } from '../plan-editor/plan-form';
import { GradesSelect, OrgUnitsSelect } from '../plan-editor/population-selects';
import type { ServerProblem } from '../plan-editor/server-problems';
import { useAuditT } from './audit-messages';
import { PlanPreview } from './plan-preview';
import type { PlanValues } from './plan-values';
import { SamplingFields } from './sampling-fields';

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

/** Every field of a plan, with the preview live as it changes and each server problem on its field. */
export function AuditPlanForm({ institutionId, initialValues, isNew, ...formProps }: AuditPlanFormProps) {
  const t = useAuditT();
  const tPlan = usePlanEditorT();
  const language = useLanguage();
  const [form] = Form.useForm<PlanValues>();
  const values = Form.useWatch([], { form, preserve: true }) as PlanValues | undefined;
  const users = useQuery(usersQuery(institutionId));
  const forms = useForms(institutionId);
  const focus = Form.useWatch(['scope', 'focus'], form) ?? initialValues.scope.focus;
  const kind = Form.useWatch('kind', form) ?? initialValues.kind;
  const auditors = (users.data ?? []).filter((u) => u.role === 'auditor' && !u.disabled);
  const checklists = (forms.data ?? []).filter((f) => f.latestVersion !== null);
  const zones = useMemo(() => timeZones().map((z) => ({ value: z })), []);

  return (
    <PlanForm<PlanValues> form={form} initialValues={initialValues} testId="audit-plan-form" {...formProps}>
      <PlanBasics isNew={isNew}>
        <Col xs={24} md={8}>
          <PlanItem name="kind" label={t('audits.kind')} path="/kind">
            <Radio.Group
              optionType="button"
              data-testid="plan-kind"
              options={AUDIT_KINDS.map((k) => ({ value: k, label: t(`audits.kind.${k}`) }))}
            />
          </PlanItem>
        </Col>
        <Col xs={24} md={8}>
          <PlanItem name="mode" label={t('audits.mode')} path="/mode">
            <Radio.Group
              optionType="button"
              data-testid="plan-mode"
              options={AUDIT_MODES.map((m) => ({ value: m, label: t(`auditMode.${m}`) }))}
            />
          </PlanItem>
        </Col>
        <Col xs={24} md={8}>
          <PlanItem name="announced" label={t('term.announced')} path="/announced">
            <Radio.Group
              optionType="button"
              data-testid="plan-announced"
              options={[
                { value: false, label: t('term.unannounced') },
                { value: true, label: t('term.announced') },
              ]}
            />
          </PlanItem>
        </Col>
      </PlanBasics>

      <PlanSection title={t('plan.section.scope')}>
        <PlanItem
          name={['scope', 'focus']}
          label={t('plan.focus')}
          extra={focus === 'focused' ? t('plan.focusHelp') : undefined}
          path="/scope/focus"
        >
          <Radio.Group
            data-testid="plan-focus"
            options={(['comprehensive', 'focused'] as const).map((f) => ({
              value: f,
              label: t(`plan.focus.${f}`),
            }))}
          />
        </PlanItem>
        {focus === 'focused' ? (
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <PlanItem
                name={['scope', 'orgUnitIds']}
                label={t('term.orgUnits')}
                extra={t('plan.orgUnitsHelp')}
                path="/scope/orgUnitIds"
              >
                <OrgUnitsSelect institutionId={institutionId} />
              </PlanItem>
            </Col>
            <Col xs={24} md={12}>
              <PlanItem name={['scope', 'grades']} label={tPlan('term.grades')} path="/scope/grades">
                <GradesSelect />
              </PlanItem>
            </Col>
            <Col xs={24} md={12}>
              <PlanItem
                name={['scope', 'customerClasses']}
                label={t('plan.customerClasses')}
                extra={t('plan.customerClassesHelp')}
                path="/scope/customerClasses"
              >
                <Select
                  mode="multiple"
                  data-testid="plan-customer-classes"
                  options={CUSTOMER_CLASSES.map((c) => ({ value: c, label: t(customerClassTerm(c)) }))}
                />
              </PlanItem>
            </Col>
            <Col xs={24} md={12}>
              <PlanItem name={['scope', 'riskFlags']} label={t('plan.riskFlags')} path="/scope/riskFlags">
                <Select
                  mode="multiple"
                  data-testid="plan-risk-flags"
                  options={RISK_FLAGS.map((r) => ({ value: r, label: t(`plan.risk.${r}`) }))}
                />
              </PlanItem>
            </Col>
          </Row>
        ) : null}
      </PlanSection>

      <PlanSection title={t('plan.section.checklist')}>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <PlanItem
              name="checklistFormKey"
              label={t('plan.checklist')}
              extra={t('plan.checklistHelp')}
              required
              path="/checklistFormKey"
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
            </PlanItem>
          </Col>
          <Col xs={24} md={10}>
            <PlanItem
              name="auditorIds"
              label={t('plan.auditors')}
              extra={t('plan.auditorsHelp')}
              required
              path="/auditorIds"
            >
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: 'label' }}
                loading={users.isPending}
                data-testid="plan-auditors"
                options={auditors.map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
              />
            </PlanItem>
          </Col>
          <Col xs={24} md={6}>
            <PlanItem name="daysToComplete" label={t('plan.daysToComplete')} required path="/daysToComplete">
              <InputNumber
                min={1}
                max={365}
                precision={0}
                style={{ width: '100%' }}
                data-testid="plan-days"
              />
            </PlanItem>
          </Col>
        </Row>
        <PlanItem name="methods" label={t('term.inspectionMethods')} required path="/methods">
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
        </PlanItem>
      </PlanSection>

      <PlanSection title={t('plan.section.schedule')}>
        <Row gutter={12}>
          <Col xs={24} md={7}>
            <PlanItem
              name={['schedule', 'cron']}
              label={t('plan.cron')}
              extra={t('plan.cronHelp')}
              required
              path="/schedule/cron"
            >
              <Input maxLength={100} style={{ fontFamily: 'monospace' }} data-testid="plan-cron" />
            </PlanItem>
          </Col>
          <Col xs={24} md={7}>
            <PlanItem name={['schedule', 'tz']} label={t('plan.tz')} required path="/schedule/tz">
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
            </PlanItem>
          </Col>
          <Col xs={12} md={5}>
            <PlanItem
              name={['schedule', 'windowDays']}
              label={t('plan.windowDays')}
              extra={kind === 'random' ? t('plan.windowDaysHelp') : undefined}
              path="/schedule/windowDays"
            >
              <InputNumber
                min={0}
                max={92}
                precision={0}
                style={{ width: '100%' }}
                data-testid="plan-window"
              />
            </PlanItem>
          </Col>
          <Col xs={12} md={5}>
            <PlanItem
              name={['schedule', 'workingDaysOnly']}
              label={t('plan.workingDaysOnly')}
              valuePropName="checked"
              path="/schedule/workingDaysOnly"
            >
              <Switch data-testid="plan-working-days" />
            </PlanItem>
          </Col>
        </Row>
      </PlanSection>

      <SamplingFields form={form} initialValues={initialValues} />

      <PlanSection title={t('plan.section.preview')}>
        <PlanPreview institutionId={institutionId} values={values} />
      </PlanSection>
    </PlanForm>
  );
}
