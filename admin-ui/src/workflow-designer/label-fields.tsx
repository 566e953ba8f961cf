import type { Message } from '@rapport/schemas';
import { Form, Input } from 'antd';
import { useDesignerT } from './designer-messages';

/** A name in both languages, both required (the portal shows the one of its language). */
export function LabelFields({
  value,
  onChange,
  testId,
}: {
  value: Message;
  onChange: (label: Message, language: 'zh' | 'en') => void;
  testId: string;
}) {
  const t = useDesignerT();
  return (
    <>
      {(['zh', 'en'] as const).map((language) => (
        <Form.Item
          key={language}
          label={t(`label.${language}`)}
          validateStatus={value[language].trim() ? undefined : 'error'}
          help={value[language].trim() ? undefined : t('label.required')}
        >
          <Input
            value={value[language]}
            maxLength={200}
            onChange={(e) => onChange({ ...value, [language]: e.target.value }, language)}
            data-testid={`${testId}-${language}`}
          />
        </Form.Item>
      ))}
    </>
  );
}
