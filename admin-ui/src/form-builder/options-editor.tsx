import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input } from 'antd';
import { useBuilderT } from './builder-messages';

export interface ChoiceOption {
  value: string;
  zh: string;
  en: string;
}

/** The choices of a single or multiple choice field: stored value, Chinese and English label. */
export function OptionsEditor({
  options,
  onChange,
}: {
  options: ChoiceOption[];
  onChange: (options: ChoiceOption[]) => void;
}) {
  const t = useBuilderT();
  const update = (index: number, change: Partial<ChoiceOption>) =>
    onChange(options.map((option, i) => (i === index ? { ...option, ...change } : option)));
  return (
    <Flex vertical gap={4} data-testid="prop-options">
      {options.map((option, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; values may repeat while typing
        <Flex key={index} gap={4}>
          <Input
            size="small"
            placeholder={t('prop.optionValue')}
            value={option.value}
            onChange={(e) => update(index, { value: e.target.value })}
            data-testid={`prop-option-value-${index}`}
          />
          <Input
            size="small"
            placeholder={t('prop.optionZh')}
            value={option.zh}
            onChange={(e) => update(index, { zh: e.target.value })}
            data-testid={`prop-option-zh-${index}`}
          />
          <Input
            size="small"
            placeholder={t('prop.optionEn')}
            value={option.en}
            onChange={(e) => update(index, { en: e.target.value })}
            data-testid={`prop-option-en-${index}`}
          />
          <Button
            size="small"
            type="text"
            danger
            icon={<DeleteOutlined />}
            disabled={options.length <= 1}
            onClick={() => onChange(options.filter((_, i) => i !== index))}
          />
        </Flex>
      ))}
      <Button
        size="small"
        icon={<PlusOutlined />}
        onClick={() => onChange([...options, { value: `option${options.length + 1}`, zh: '', en: '' }])}
        data-testid="prop-option-add"
      >
        {t('prop.addOption')}
      </Button>
    </Flex>
  );
}
