import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CYCLE_REGULARITIES,
  CYCLE_SCOPES,
  EVALUATION_SOURCE_LABELS,
  EVALUATION_SOURCES,
  GRADES,
  type Grade,
} from '@rapport/schemas';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Tag,
  TreeSelect,
} from 'antd';
import { type ReactNode, useMemo } from 'react';
import { orgUnitsQuery } from '../api/org';
import { usersQuery } from '../api/users';
import { setsQuery } from '../indicators/indicators-api';
import { buildUnitTree } from '../org/unit-tree';
import { gradeLabel } from '../org/vocabulary-labels';
import { useCycleT } from './cycle-messages';
import { type PlanValues, sourceTotal } from './plan-values';
import { problemsAt, type ServerProblem } from './server-problems';

interface UnitOption {
  value: string;
  title: string;
  children: UnitOption[];
}

export interface CyclePlanFormProps {
  institutionId: string;
  initialValues: PlanValues;
  /** Creating: the code can be typed; editing: it is fixed. */
  isNew: boolean;
  readOnly: boolean;
  problems: readonly ServerProblem[];
  saving: boolean;
  onSubmit: (values: PlanValues) => void;
  /** Called on any edit, to clear the server's problems that may no longer hold. */
  onEdit: () => void;
}

/** The plan of a cycle: every field of the content, each server problem shown on its field. */
export function CyclePlanForm({
  institutionId,
  initialValues,
  isNew,
  readOnly,
  problems,
  saving,
  onSubmit,
  onEdit,
}: CyclePlanFormProps) {
  const t = useCycleT();
  const language = useLanguage();
  const [form] = Form.useForm<PlanValues>();
  const units = useQuery(orgUnitsQuery(institutionId));
  const users = useQuery(usersQuery(institutionId));
  const sets = useQuery(setsQuery(institutionId));
  const weights = Form.useWatch('sourceWeights', form);
  const ruleKind = Form.useWatch(['levelRule', 'kind'], form) ?? initialValues.levelRule.kind;
  const total = sourceTotal(weights ?? initialValues.sourceWeights);

  const unitTree = useMemo(
    () =>
      buildUnitTree<UnitOption>(units.data ?? [], (unit, children) => ({
        value: unit.id,
        title: localisedName(unit.name, language),
        children,
      })),
    [units.data, language],
  );
  const required = [{ required: true, message: t('plan.required') }];
  const at = (path: string) => {
    const found = problemsAt(problems, path);
    return found.length > 0 ? { validateStatus: 'error' as const, help: found.join('；') } : {};
  };
  const text = (name: (string | number)[], path: string, area = false): ReactNode => (
    <Row gutter={12}>
      {(['zh', 'en'] as const).map((lang) => (
        <Col span={12} key={lang}>
          <Form.Item
            name={[...name, lang]}
            label={t(`plan.${lang}`)}
            {...at(`${path}/${lang}`)}
            rules={area ? [] : required}
          >
            {area ? (
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
            ) : (
              <Input maxLength={200} data-testid={`plan-${name.join('-')}-${lang}`} />
            )}
          </Form.Item>
        </Col>
      ))}
    </Row>
  );

  return (
    <Form<PlanValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      disabled={readOnly}
      onFinish={onSubmit}
      onValuesChange={onEdit}
      data-testid="cycle-plan-form"
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
            <Form.Item name="code" label={t('cycles.code')} rules={required} {...at('/code')}>
              <Input disabled={!isNew || readOnly} maxLength={40} data-testid="plan-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item name={['name', 'zh']} label={t('cycles.nameZh')} rules={required} {...at('/name/zh')}>
              <Input maxLength={200} data-testid="plan-name-zh" />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item name={['name', 'en']} label={t('cycles.nameEn')} rules={required} {...at('/name/en')}>
              <Input maxLength={200} data-testid="plan-name-en" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="period" label={t('cycles.period')} rules={required} {...at('/period')}>
              <DatePicker.RangePicker style={{ width: '100%' }} data-testid="plan-period" />
            </Form.Item>
          </Col>
          <Col xs={12} md={7}>
            <Form.Item name="regularity" label={t('plan.regularity')} {...at('/regularity')}>
              <Select
                options={CYCLE_REGULARITIES.map((r) => ({ value: r, label: t(`plan.regularity.${r}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={7}>
            <Form.Item name="scope" label={t('plan.scope')} {...at('/scope')}>
              <Select options={CYCLE_SCOPES.map((s) => ({ value: s, label: t(`plan.scope.${s}`) }))} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('plan.section.plan')} style={{ marginBottom: 16 }}>
        {(['purpose', 'principles', 'content', 'timing'] as const).map((key) => (
          <div key={key}>
            <strong>{t(`plan.${key}`)}</strong>
            {text(['plan', key], `/plan/${key}`, true)}
          </div>
        ))}
      </Card>

      <Card size="small" title={t('plan.section.population')} style={{ marginBottom: 16 }}>
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item
              name={['population', 'orgUnitIds']}
              label={t('plan.orgUnits')}
              extra={t('plan.orgUnitsHelp')}
              {...at('/population/orgUnitIds')}
            >
              <TreeSelect<string[], UnitOption>
                multiple
                treeData={unitTree}
                treeDefaultExpandAll
                treeLine
                loading={units.isPending}
                showSearch={{ treeNodeFilterProp: 'title' }}
                data-testid="plan-org-units"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item
              name={['population', 'grades']}
              label={t('plan.grades')}
              extra={t('plan.gradesHelp')}
              {...at('/population/grades')}
            >
              <Select
                mode="multiple"
                options={GRADES.map((g) => ({ value: g, label: gradeLabel(g, language) }))}
                data-testid="plan-grades"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('plan.indicatorSets')} {...at('/indicatorSets')} style={{ marginBottom: 0 }}>
          <Row gutter={12}>
            {GRADES.map((grade: Grade) => (
              <Col xs={24} md={12} key={grade}>
                <Form.Item
                  name={['indicatorSets', grade]}
                  label={gradeLabel(grade, language)}
                  {...at(`/indicatorSets/${grade}`)}
                >
                  <Select
                    allowClear
                    placeholder={t('plan.noSet')}
                    loading={sets.isPending}
                    options={(sets.data ?? [])
                      .filter((s) => s.grade === grade)
                      .map((s) => ({
                        value: s.code,
                        label: `${localisedName(s.name, language)} (${s.code})`,
                      }))}
                    data-testid={`plan-set-${grade}`}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form.Item>
      </Card>

      <Card size="small" title={t('plan.section.sources')} style={{ marginBottom: 16 }}>
        <Form.Item
          label={
            <Flex gap={8} align="center">
              {t('plan.sourceWeights')}
              <Tag color={total === 100 ? 'success' : 'error'} data-testid="plan-source-total">
                {total === 100 ? t('plan.sourceTotal', { total }) : t('plan.sourceTotalWrong', { total })}
              </Tag>
            </Flex>
          }
          {...at('/sourceWeights')}
        >
          <Row gutter={12}>
            {EVALUATION_SOURCES.map((source) => (
              <Col xs={12} md={6} key={source}>
                <Form.Item
                  name={['sourceWeights', source]}
                  label={localisedName(EVALUATION_SOURCE_LABELS[source], language)}
                  rules={required}
                  style={{ marginBottom: 0 }}
                >
                  <InputNumber
                    min={0}
                    max={100}
                    style={{ width: '100%' }}
                    data-testid={`plan-weight-${source}`}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item
              name={['customerSample', 'size']}
              label={t('plan.sampleSize')}
              rules={required}
              {...at('/customerSample/size')}
            >
              <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name={['customerSample', 'linkDays']}
              label={t('plan.linkDays')}
              rules={required}
              {...at('/customerSample/linkDays')}
            >
              <InputNumber min={1} max={90} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('plan.section.committee')} style={{ marginBottom: 16 }}>
        <Form.Item
          name="committee"
          label={t('plan.committee')}
          extra={t('plan.committeeHelp')}
          rules={required}
          {...at('/committee')}
        >
          <Select
            mode="multiple"
            loading={users.isPending}
            optionFilterProp="label"
            options={(users.data ?? [])
              .filter((u) => !u.disabled)
              .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
            data-testid="plan-committee"
          />
        </Form.Item>
        <Form.Item name={['levelRule', 'kind']} label={t('plan.levelRule')} {...at('/levelRule')}>
          <Radio.Group
            options={(['bands', 'distribution'] as const).map((k) => ({
              value: k,
              label: t(`plan.levelRule.${k}`),
            }))}
          />
        </Form.Item>
        <Row gutter={12}>
          {(ruleKind === 'bands'
            ? (['excellent', 'good', 'qualified'] as const)
            : (['excellent', 'good', 'unqualified'] as const)
          ).map((level) => (
            <Col xs={8} key={`${ruleKind}-${level}`}>
              <Form.Item
                name={['levelRule', level]}
                label={
                  ruleKind === 'bands'
                    ? t(`plan.bands.${level as 'excellent' | 'good' | 'qualified'}`)
                    : t(`plan.distribution.${level as 'excellent' | 'good' | 'unqualified'}`)
                }
                rules={required}
                {...at(`/levelRule/${level}`)}
              >
                <InputNumber min={0} max={100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Card>

      <Card size="small" title={t('plan.section.phases')} style={{ marginBottom: 16 }}>
        <Form.List name="phases">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map(({ key, name }) => (
                <Row key={key} gutter={8} align="top">
                  <Col xs={24} md={4}>
                    <Form.Item
                      name={[name, 'key']}
                      label={t('plan.phaseKey')}
                      rules={required}
                      {...at(`/phases/${name}/key`)}
                    >
                      <Input maxLength={40} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item name={[name, 'label', 'zh']} label={t('plan.phaseLabelZh')} rules={required}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item name={[name, 'label', 'en']} label={t('plan.phaseLabelEn')} rules={required}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={22} md={7}>
                    <Form.Item
                      name={[name, 'dates']}
                      label={t('plan.phaseDates')}
                      rules={required}
                      {...at(`/phases/${name}`)}
                    >
                      <DatePicker.RangePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={1} style={{ paddingTop: 30 }}>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(name)} />
                  </Col>
                </Row>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ key: '', label: { zh: '', en: '' }, dates: null })}
                style={{ alignSelf: 'flex-start' }}
              >
                {t('plan.addPhase')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Card>
      {readOnly ? null : (
        <Button type="primary" htmlType="submit" loading={saving} data-testid="plan-save">
          {t('plan.save')}
        </Button>
      )}
    </Form>
  );
}
