import { ArrowLeftOutlined } from '@ant-design/icons';
import { GRADES, type Grade } from '@rapport/schemas';
import {
  type CycleView,
  cycleQuery,
  FullPageSpinner,
  isApiError,
  LoadError,
  localisedName,
  useApiErrorHandler,
  useCurrentUser,
  useLanguage,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Popconfirm, Result, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type LaunchReport,
  useCreateCycle,
  useLaunchCycle,
  usePublishCycle,
  useUpdateCycle,
} from '../api/cycles';
import { AppraisalMonitor } from '../cycles/appraisal-monitor';
import { CloneModal } from '../cycles/clone-modal';
import { CycleStatusTag } from '../cycles/cycle-labels';
import { useCycleT } from '../cycles/cycle-messages';
import { CyclePlanForm } from '../cycles/cycle-plan-form';
import { LaunchReportModal } from '../cycles/launch-report';
import { contentOf, newPlanValues, type PlanValues, planValuesOf } from '../cycles/plan-values';
import { setsQuery } from '../indicators/indicators-api';
import { type ServerProblem, serverProblemsOf } from '../plan-editor/server-problems';
import { usePlanSave } from '../plan-editor/use-plan-save';

function NewCycle({ institutionId }: { institutionId: string }) {
  const t = useCycleT();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const sets = useQuery(setsQuery(institutionId));
  const create = useCreateCycle(institutionId);
  const save = usePlanSave();
  const initial = useMemo(() => {
    if (!sets.data) return null;
    const byGrade: Partial<Record<Grade, string>> = {};
    for (const grade of GRADES) {
      const own = sets.data.filter((s) => s.grade === grade);
      const pick = own.find((s) => s.code === `default-${grade}`) ?? own[0];
      if (pick) byGrade[grade] = pick.code;
    }
    return newPlanValues(byGrade, user.id);
  }, [sets.data, user.id]);
  if (sets.isError) return <LoadError error={sets.error} onRetry={() => sets.refetch()} />;
  if (!initial) return <FullPageSpinner />;
  const submit = (values: PlanValues) =>
    save.run((callbacks) =>
      create.mutate(contentOf(values), {
        ...callbacks,
        onSuccess: (created) => {
          message.success(t('plan.created'));
          navigate(`/institutions/${institutionId}/cycles/${created.id}`, { replace: true });
        },
      }),
    );
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="page-title">
        {t('cycles.create')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('cycles.intro')}</Typography.Paragraph>
      <CyclePlanForm
        institutionId={institutionId}
        initialValues={initial}
        isNew
        readOnly={false}
        problems={save.problems}
        saving={create.isPending}
        onSubmit={submit}
        onEdit={save.clear}
      />
    </>
  );
}

function CycleDetail({
  institutionId,
  cycle,
  onReload,
}: {
  institutionId: string;
  cycle: CycleView;
  onReload: () => void;
}) {
  const t = useCycleT();
  const language = useLanguage();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const update = useUpdateCycle(institutionId, cycle.id);
  const launch = useLaunchCycle(institutionId, cycle.id);
  const publish = usePublishCycle(institutionId, cycle.id);
  const save = usePlanSave();
  const [report, setReport] = useState<LaunchReport | null>(null);
  const [notReady, setNotReady] = useState<ServerProblem[]>([]);
  const [cloning, setCloning] = useState(false);
  const [tab, setTab] = useState(cycle.status === 'draft' ? 'plan' : 'monitor');
  const initial = useMemo(() => planValuesOf(cycle), [cycle]);
  const isDraft = cycle.status === 'draft';

  const submit = (values: PlanValues) => {
    const { code: _code, ...content } = contentOf(values);
    save.run(
      (callbacks) =>
        update.mutate(
          { ...content, rev: cycle.rev },
          { ...callbacks, onSuccess: () => message.success(t('plan.saved')) },
        ),
      onReload,
    );
  };
  const doLaunch = () =>
    launch.mutate(cycle.rev, {
      onSuccess: (result) => {
        setReport(result);
        setTab('monitor');
      },
      onError: (error) => {
        if (serverProblemsOf(error).length > 0) setTab('plan');
        save.show(error, onReload);
      },
    });
  const doPublish = () => {
    setNotReady([]);
    publish.mutate(cycle.rev, {
      onSuccess: () => message.success(t('publish.done')),
      onError: (error) => {
        const refused = serverProblemsOf(error);
        if (refused.length > 0) setNotReady(refused);
        else onError(error, { onConflict: onReload });
      },
    });
  };

  return (
    <>
      <Link to={`/institutions/${institutionId}/cycles`} data-testid="cycles-back">
        <ArrowLeftOutlined /> {t('cycles.back')}
      </Link>
      <Flex align="center" gap={8} wrap style={{ margin: '8px 0 16px' }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="cycle-name">
          {localisedName(cycle.name, language)}
        </Typography.Title>
        <Tag>{cycle.code}</Tag>
        <CycleStatusTag status={cycle.status} testId="cycle-status" />
        <Typography.Text type="secondary">
          {cycle.period.from} – {cycle.period.to}
        </Typography.Text>
        <Flex gap={8} style={{ marginInlineStart: 'auto' }}>
          {isDraft ? (
            <Popconfirm
              title={t('launch.confirm')}
              onConfirm={doLaunch}
              okButtonProps={{ 'data-testid': 'launch-confirm' } as never}
            >
              <Button type="primary" loading={launch.isPending} data-testid="cycle-launch">
                {t('launch.button')}
              </Button>
            </Popconfirm>
          ) : null}
          {cycle.status === 'launched' ? (
            <Popconfirm
              title={t('publish.confirm')}
              onConfirm={doPublish}
              okButtonProps={{ 'data-testid': 'publish-confirm' } as never}
            >
              <Button type="primary" loading={publish.isPending} data-testid="cycle-publish">
                {t('publish.button')}
              </Button>
            </Popconfirm>
          ) : null}
          <Button onClick={() => setCloning(true)} data-testid="cycle-clone">
            {t('clone.button')}
          </Button>
        </Flex>
      </Flex>
      {notReady.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setNotReady([])}
          style={{ marginBottom: 16 }}
          title={t('publish.notReady')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="publish-not-ready">
              {notReady.map((p) => (
                <li key={`${p.path}-${p.message}`}>{p.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'plan',
            label: <span data-testid="cycle-tab-plan">{t('plan.section.plan')}</span>,
            children: (
              <>
                {isDraft ? null : (
                  <Alert type="info" showIcon title={t('plan.readonly')} style={{ marginBottom: 16 }} />
                )}
                <CyclePlanForm
                  key={cycle.rev}
                  institutionId={institutionId}
                  initialValues={initial}
                  isNew={false}
                  readOnly={!isDraft}
                  problems={save.problems}
                  saving={update.isPending}
                  onSubmit={submit}
                  onEdit={save.clear}
                />
              </>
            ),
          },
          ...(isDraft
            ? []
            : [
                {
                  key: 'monitor',
                  label: <span data-testid="cycle-tab-monitor">{t('monitor.title')}</span>,
                  children: <AppraisalMonitor institutionId={institutionId} cycle={cycle} />,
                },
              ]),
        ]}
      />
      <LaunchReportModal report={report} onClose={() => setReport(null)} />
      <CloneModal
        institutionId={institutionId}
        cycle={cycle}
        open={cloning}
        onClose={() => setCloning(false)}
      />
    </>
  );
}

function CycleLoader({ institutionId, cycleId }: { institutionId: string; cycleId: string }) {
  const t = useCycleT();
  const cycle = useQuery(cycleQuery(institutionId, cycleId));
  if (cycle.isError) {
    if (isApiError(cycle.error, 'ERR_NOT_FOUND')) return <Result status="404" title={t('cycles.notFound')} />;
    return <LoadError error={cycle.error} onRetry={() => cycle.refetch()} />;
  }
  if (!cycle.data) return <FullPageSpinner />;
  return <CycleDetail institutionId={institutionId} cycle={cycle.data} onReload={() => cycle.refetch()} />;
}

export default function CyclePage() {
  const { institutionId = '', cycleId = '' } = useParams();
  if (cycleId === 'new') return <NewCycle institutionId={institutionId} />;
  return <CycleLoader key={cycleId} institutionId={institutionId} cycleId={cycleId} />;
}
