import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Tag } from 'antd';
import type { CustomerSettings, FrequencyClass, SizeClass } from '../api/customers';
import { useCustomerT } from './customers-messages';

const FREQUENCY_COLORS: Record<FrequencyClass, string> = {
  frequent: 'green',
  occasional: 'gold',
  dormant: 'default',
};
const SIZE_COLORS: Record<SizeClass, string> = { large: 'volcano', medium: 'blue', small: 'default' };

export function FrequencyTag({ value, testId }: { value: FrequencyClass; testId?: string }) {
  const t = useCustomerT();
  return (
    <Tag color={FREQUENCY_COLORS[value]} data-testid={testId} data-value={value}>
      {t(`frequency.${value}`)}
    </Tag>
  );
}

export function SizeTag({ value, testId }: { value: SizeClass; testId?: string }) {
  const t = useCustomerT();
  return (
    <Tag color={SIZE_COLORS[value]} data-testid={testId} data-value={value}>
      {t(`size.${value}`)}
    </Tag>
  );
}

/** Names a customer kind or industry group by the institution's settings; an unknown key shows as itself. */
export function useOptionLabels(settings: CustomerSettings | undefined) {
  const language = useLanguage();
  const label = (options: CustomerSettings['kinds'] | undefined, key: string | null) => {
    if (!key) return '—';
    const found = options?.find((o) => o.key === key);
    return found ? localisedName(found.label, language) : key;
  };
  return {
    kind: (key: string) => label(settings?.kinds, key),
    industryGroup: (key: string | null) => label(settings?.industryGroups, key),
  };
}

/** Amounts as the institution reads them: thousands separated, at most two decimals. */
export function formatAmount(value: number): string {
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}
