import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, InputNumber } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Certification } from '../api/org';
import { useOrgT } from '../org/org-messages';

/** A certification as the form holds it: the date as a dayjs for the picker. */
export interface CertificationRow {
  name: string;
  certifiedAt: Dayjs;
  score?: number | null;
}

export const toCertificationRow = (c: Certification): CertificationRow => ({
  name: c.name,
  certifiedAt: dayjs(c.certifiedAt),
  score: c.score ?? null,
});

export const fromCertificationRow = (row: CertificationRow): Certification => ({
  name: row.name.trim(),
  certifiedAt: row.certifiedAt.format('YYYY-MM-DD'),
  ...(row.score === null || row.score === undefined ? {} : { score: row.score }),
});

/** The list of a manager's certifications, each a name, a date and an optional score. */
export function CertificationsField() {
  const t = useOrgT();
  return (
    <Form.Item label={t('managers.certifications')}>
      <Form.List name="certifications">
        {(fields, { add, remove }) => (
          <Flex vertical gap={8}>
            {fields.map(({ key, name }) => (
              <Flex key={key} gap={8} align="start">
                <Form.Item
                  name={[name, 'name']}
                  rules={[{ required: true, whitespace: true, message: t('managers.certNameRequired') }]}
                  style={{ flex: 2, marginBottom: 0 }}
                >
                  <Input
                    maxLength={100}
                    placeholder={t('managers.certName')}
                    data-testid={`cert-name-${name}`}
                  />
                </Form.Item>
                <Form.Item
                  name={[name, 'certifiedAt']}
                  rules={[{ required: true, message: t('managers.certifiedAtRequired') }]}
                  style={{ flex: 1.5, marginBottom: 0 }}
                >
                  <DatePicker placeholder={t('managers.certifiedAt')} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name={[name, 'score']} style={{ flex: 1, marginBottom: 0 }}>
                  <InputNumber
                    min={0}
                    max={100}
                    placeholder={t('managers.certScore')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(name)} aria-label={t('org.remove')} />
              </Flex>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add()}
              data-testid="cert-add"
              style={{ alignSelf: 'flex-start' }}
            >
              {t('managers.addCertification')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}
