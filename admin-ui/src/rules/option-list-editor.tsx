import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space } from 'antd';
import { useRulesT } from './rules-messages';

const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Edits a list of named choices (customer kinds, industry groups): a key and a zh/en label each. */
export function OptionListEditor({ name, testId }: { name: string; testId: string }) {
  const t = useRulesT();
  const required = { required: true, message: t('rules.required') };
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div data-testid={testId}>
          {fields.map((field, index) => (
            <Space key={field.key} align="baseline" wrap>
              <Form.Item
                name={[field.name, 'key']}
                rules={[required, { pattern: KEY_PATTERN, message: 'a-z 0-9 -' }]}
              >
                <Input placeholder={t('rules.options.key')} data-testid={`${testId}-key-${index}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'label', 'zh']} rules={[required]}>
                <Input placeholder={t('rules.options.zh')} data-testid={`${testId}-zh-${index}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'label', 'en']} rules={[required]}>
                <Input placeholder={t('rules.options.en')} data-testid={`${testId}-en-${index}`} />
              </Form.Item>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('rules.options.remove')}
                onClick={() => remove(field.name)}
              />
            </Space>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ key: '', label: { zh: '', en: '' } })}
            data-testid={`${testId}-add`}
          >
            {t('rules.options.add')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
