import { ArrowLeftOutlined, SwapOutlined } from '@ant-design/icons';
import { FullPageSpinner, isApiError, LoadError, useCurrentUser } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Flex, Result, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { customerQuery, customerSettingsQuery } from '../api/customers';
import { RequireInstitution } from '../components/require-institution';
import { FrequencyTag, formatAmount, SizeTag, useOptionLabels } from '../customers/class-tags';
import { useCustomerT } from '../customers/customers-messages';
import { FactsSection } from '../customers/facts-section';
import { FileSection } from '../customers/file-section';
import { OwnershipTimeline } from '../customers/ownership-timeline';
import { ReassignModal } from '../customers/reassign-modal';
import { canLogVisits, canReassign } from '../customers/roles';
import { VisitsSection } from '../customers/visits-section';

function CustomerView({ institutionId, customerId }: { institutionId: string; customerId: string }) {
  const t = useCustomerT();
  const user = useCurrentUser();
  const customer = useQuery(customerQuery(institutionId, customerId));
  const settings = useQuery(customerSettingsQuery(institutionId));
  const labels = useOptionLabels(settings.data);
  const [reassigning, setReassigning] = useState(false);

  if (customer.isError) {
    if (isApiError(customer.error) && customer.error.status === 404)
      return <Result status="404" title={t('customer.notFound')} data-testid="customer-not-found" />;
    return <LoadError error={customer.error} onRetry={() => customer.refetch()} />;
  }
  if (customer.isPending || settings.isPending) return <FullPageSpinner />;
  const c = customer.data;
  const cls = c.classification;
  const isOwner = c.relationshipManager?.id === user.id;

  return (
    <>
      <Flex align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="customer-name">
          {c.name}
        </Typography.Title>
        <Typography.Text type="secondary">{c.code}</Typography.Text>
        <Space size={4}>
          <FrequencyTag value={cls.frequency} testId="customer-frequency" />
          <SizeTag value={cls.size} testId="customer-size" />
        </Space>
        {canReassign(user.role) ? (
          <Button
            icon={<SwapOutlined />}
            onClick={() => setReassigning(true)}
            style={{ marginInlineStart: 'auto' }}
            data-testid="customer-reassign"
          >
            {t('customer.reassign')}
          </Button>
        ) : null}
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'kind', label: t('customers.kind'), children: labels.kind(c.kind) },
          {
            key: 'industry',
            label: t('customers.industryGroup'),
            children: labels.industryGroup(c.industryGroup),
          },
          {
            key: 'rm',
            label: t('customers.relationshipManager'),
            children: <span data-testid="customer-rm">{c.relationshipManager?.name ?? '—'}</span>,
          },
          {
            key: 'ps',
            label: t('customers.productSpecialists'),
            children: c.productSpecialists.map((p) => p.name).join('、') || '—',
          },
          {
            key: 'classes',
            label: `${t('customers.frequency')} / ${t('customers.size')}`,
            children: t('customer.classesExplained', {
              from: cls.from,
              to: cls.to,
              transactions: cls.transactions,
              volume: formatAmount(cls.volume),
            }),
          },
        ]}
      />
      <Tabs
        defaultActiveKey="file"
        items={[
          {
            key: 'file',
            label: t('customer.tabs.file'),
            children: (
              <FileSection
                key={c.rev}
                institutionId={institutionId}
                customer={c}
                fileFormKey={settings.data?.fileFormKey ?? null}
                editable={isOwner}
              />
            ),
          },
          {
            key: 'facts',
            label: <span data-testid="customer-tab-facts">{t('customer.tabs.facts')}</span>,
            children: <FactsSection institutionId={institutionId} customerId={c.id} />,
          },
          {
            key: 'visits',
            label: <span data-testid="customer-tab-visits">{t('customer.tabs.visits')}</span>,
            children: (
              <VisitsSection
                institutionId={institutionId}
                customerId={c.id}
                visitFormKey={settings.data?.visitFormKey ?? null}
                canLog={canLogVisits(user.role)}
              />
            ),
          },
          {
            key: 'ownership',
            label: <span data-testid="customer-tab-ownership">{t('customer.tabs.ownership')}</span>,
            children: <OwnershipTimeline history={c.ownershipHistory} />,
          },
        ]}
      />
      {canReassign(user.role) ? (
        <ReassignModal
          institutionId={institutionId}
          customer={c}
          open={reassigning}
          onClose={() => setReassigning(false)}
        />
      ) : null}
    </>
  );
}

export default function CustomerPage() {
  const t = useCustomerT();
  const { customerId = '' } = useParams();
  return (
    <>
      <Link to="/customers" data-testid="customer-back">
        <ArrowLeftOutlined /> {t('customer.back')}
      </Link>
      <div style={{ marginTop: 12 }}>
        <RequireInstitution>
          {(institutionId) => <CustomerView institutionId={institutionId} customerId={customerId} />}
        </RequireInstitution>
      </div>
    </>
  );
}
