import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, DatePicker, Flex, Form, Input, Row } from 'antd';
import { PlanItem } from '../plan-editor/plan-form';
import { useCycleT } from './cycle-messages';

/** The cycle's phases: each a key, a name in both languages and its dates; added and removed in place. */
export function PhasesEditor() {
  const t = useCycleT();
  return (
    <Form.List name="phases">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8}>
          {fields.map(({ key, name }) => (
            <Row key={key} gutter={8} align="top">
              <Col xs={24} md={4}>
                <PlanItem
                  name={[name, 'key']}
                  label={t('plan.phaseKey')}
                  required
                  path={`/phases/${name}/key`}
                >
                  <Input maxLength={40} />
                </PlanItem>
              </Col>
              <Col xs={24} md={6}>
                <PlanItem name={[name, 'label', 'zh']} label={t('plan.phaseLabelZh')} required>
                  <Input maxLength={200} />
                </PlanItem>
              </Col>
              <Col xs={24} md={6}>
                <PlanItem name={[name, 'label', 'en']} label={t('plan.phaseLabelEn')} required>
                  <Input maxLength={200} />
                </PlanItem>
              </Col>
              <Col xs={22} md={7}>
                <PlanItem
                  name={[name, 'dates']}
                  label={t('plan.phaseDates')}
                  required
                  path={`/phases/${name}`}
                >
                  <DatePicker.RangePicker style={{ width: '100%' }} />
                </PlanItem>
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
  );
}
