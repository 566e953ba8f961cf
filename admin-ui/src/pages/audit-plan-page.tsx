import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  FullPageSpinner,
  isApiError,
  LoadError,
  localisedName,
  useApiErrorHandler,
  useLanguage,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Flex, Popconfirm, Result, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type AuditPlanView,
  auditPlanQuery,
  useCreateAuditPlan,
  useRemoveAuditPlan,
  useRunAuditPlan,
  useSetAuditPlanStatus,
  useUpdateAuditPlan,
} from '../api/audits';
import { useAuditT } from '../audits/audit-messages';
import { AuditPlanForm } from '../audits/audit-plan-form';
import { PlanAudits } from '../audits/plan-audits';
import { contentOf, newPlanValues, type PlanValues, planValuesOf } from '../audits/plan-values';
import { RunHistory } from '../audits/run-history';
import { usePlanSave } from '../plan-editor/use-plan-save';

function NewPlan({ institutionId }: { institutionId: string }) {
  const t = useAuditT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useCreateAuditPlan(institutionId);
  const save = usePlanSave();
  const initial = useMemo(() => newPlanValues(), []);
  const submit = (values: PlanValues) =>
    save.run((callbacks) =>
      create.mutate(contentOf(values), {
        ...callbacks,
        onSuccess: (created) => {
          message.success(t('plan.created'));
          navigate(`/institutions/${institutionId}/audits/${created.id}`, { replace: true });
        },
      }),
    );
  return (
    <>
      <Link to={`/institutions/${institutionId}/audits`} data-testid="audit-plans-back">
        <ArrowLeftOutlined /> {t('audits.back')}
      </Link>
      <Typography.Title level={4} style={{ margin: '8px 0' }} data-testid="page-title">
        {t('audits.create')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('audits.intro')}</Typography.Paragraph>
      <AuditPlanForm
        institutionId={institutionId}
        initialValues={initial}
        isNew
        problems={save.problems}
        saving={create.isPending}
        onSubmit={submit}
        onEdit={save.clear}
      />
    </>
  );
}

function PlanDetail({
  institutionId,
  plan,
  onReload,
}: {
  institutionId: string;
  plan: AuditPlanView;
  onReload: () => void;
}) {
  const t = useAuditT();
  const language = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const update = useUpdateAuditPlan(institutionId, plan.id);
  const setStatus = useSetAuditPlanStatus(institutionId, plan.id);
  const remove = useRemoveAuditPlan(institutionId, plan.id);
  const runNow = useRunAuditPlan(institutionId, plan.id);
  const save = usePlanSave();
  const [tab, setTab] = useState('plan');
  const initial = useMemo(() => planValuesOf(plan), [plan]);

  const submit = (values: PlanValues) => {
    const { code: _code, ...content } = contentOf(values);
    save.run(
      (callbacks) =>
        update.mutate(
          { ...content, rev: plan.rev },
          { ...callbacks, onSuccess: () => message.success(t('plan.saved')) },
        ),
      onReload,
    );
  };
  const toggle = () => {
    const action = plan.status === 'active' ? 'pause' : 'resume';
    setStatus.mutate(
      { action, rev: plan.rev },
      {
        onSuccess: () => message.success(t(action === 'pause' ? 'actions.paused' : 'actions.resumed')),
        onError: (error) => onError(error, { onConflict: onReload }),
      },
    );
  };
  const doRun = () =>
    runNow.mutate(undefined, {
      onSuccess: () => {
        message.success(t('actions.ran'));
        setTab('runs');
      },
      onError: (error) => onError(error),
    });
  const doRemove = () =>
    remove.mutate(plan.rev, {
      onSuccess: () => {
        message.success(t('actions.deleted'));
        navigate(`/institutions/${institutionId}/audits`, { replace: true });
      },
      onError: (error) => onError(error, { onConflict: onReload }),
    });

  return (
    <>
      <Link to={`/institutions/${institutionId}/audits`} data-testid="audit-plans-back">
        <ArrowLeftOutlined /> {t('audits.back')}
      </Link>
      <Flex align="center" gap={8} wrap style={{ margin: '8px 0 16px' }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="audit-plan-name">
          {localisedName(plan.name, language)}
        </Typography.Title>
        <Tag>{plan.code}</Tag>
        <Tag color="blue">{t(`audits.kind.${plan.kind}`)}</Tag>
        <Tag>{t(`auditMode.${plan.mode}`)}</Tag>
        {plan.announced ? null : <Tag color="purple">{t('term.unannounced')}</Tag>}
        <Tag color={plan.status === 'active' ? 'success' : 'default'} data-testid="audit-plan-status">
          {t(`audits.status.${plan.status}`)}
        </Tag>
        <Flex gap={8} style={{ marginInlineStart: 'auto' }}>
          <Popconfirm
            title={t('actions.runConfirm')}
            onConfirm={doRun}
            okButtonProps={{ 'data-testid': 'audit-plan-run-confirm' } as never}
          >
            <Button type="primary" loading={runNow.isPending} data-testid="audit-plan-run">
              {t('actions.run')}
            </Button>
          </Popconfirm>
          <Button onClick={toggle} loading={setStatus.isPending} data-testid="audit-plan-toggle">
            {t(plan.status === 'active' ? 'actions.pause' : 'actions.resume')}
          </Button>
          <Popconfirm
            title={t('actions.deleteConfirm')}
            onConfirm={doRemove}
            okButtonProps={{ danger: true, 'data-testid': 'audit-plan-delete-confirm' } as never}
          >
            <Button danger loading={remove.isPending} data-testid="audit-plan-delete">
              {t('actions.delete')}
            </Button>
          </Popconfirm>
        </Flex>
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'plan',
            label: <span data-testid="audit-tab-plan">{t('tabs.plan')}</span>,
            children: (
              <AuditPlanForm
                key={plan.rev}
                institutionId={institutionId}
                initialValues={initial}
                isNew={false}
                problems={save.problems}
                saving={update.isPending}
                onSubmit={submit}
                onEdit={save.clear}
              />
            ),
          },
          {
            key: 'runs',
            label: <span data-testid="audit-tab-runs">{t('tabs.runs')}</span>,
            children: <RunHistory institutionId={institutionId} planId={plan.id} />,
          },
          {
            key: 'audits',
            label: <span data-testid="audit-tab-audits">{t('tabs.audits')}</span>,
            children: <PlanAudits institutionId={institutionId} planId={plan.id} />,
          },
        ]}
      />
    </>
  );
}

function PlanLoader({ institutionId, planId }: { institutionId: string; planId: string }) {
  const t = useAuditT();
  const plan = useQuery(auditPlanQuery(institutionId, planId));
  if (plan.isError) {
    if (isApiError(plan.error, 'ERR_NOT_FOUND')) return <Result status="404" title={t('audits.notFound')} />;
    return <LoadError error={plan.error} onRetry={() => plan.refetch()} />;
  }
  if (!plan.data) return <FullPageSpinner />;
  return <PlanDetail institutionId={institutionId} plan={plan.data} onReload={() => plan.refetch()} />;
}

export default function AuditPlanPage() {
  const { institutionId = '', planId = '' } = useParams();
  if (planId === 'new') return <NewPlan institutionId={institutionId} />;
  return <PlanLoader key={planId} institutionId={institutionId} planId={planId} />;
}
