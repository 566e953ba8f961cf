import { formatDateTime } from '@rapport/ui-shared';
import { Empty, Timeline, Typography } from 'antd';
import type { Customer, Owners } from '../api/customers';
import { useCustomerT } from './customers-messages';

/** Who owned the customer from the file's opening on: each change with who made it, when and why. */
export function OwnershipTimeline({ history }: { history: Customer['ownershipHistory'] }) {
  const t = useCustomerT();
  if (history.length === 0) return <Empty description={t('ownership.empty')} />;
  const owners = (o: Owners) => {
    const rm = o.relationshipManager?.name ?? t('ownership.nobody');
    const specialists = o.productSpecialists.map((p) => p.name).join('、');
    return specialists ? `${rm}（${t('customers.productSpecialists')}：${specialists}）` : rm;
  };
  return (
    <Timeline
      data-testid="ownership-history"
      items={history.map((h, i) => ({
        key: `${h.at}-${i}`,
        content: (
          <>
            <Typography.Text type="secondary">{formatDateTime(h.at)}</Typography.Text>
            <div>
              {!h.from.relationshipManager && h.from.productSpecialists.length === 0
                ? t('ownership.opened', { by: h.by.name, to: owners(h.to) })
                : t('ownership.changed', { by: h.by.name, from: owners(h.from), to: owners(h.to) })}
            </div>
            {h.reason ? <Typography.Text italic>{h.reason}</Typography.Text> : null}
          </>
        ),
      }))}
    />
  );
}
