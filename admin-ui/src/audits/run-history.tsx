import { CheckCircleTwoTone, CloseCircleTwoTone, SafetyCertificateOutlined } from '@ant-design/icons';
import { formatDateTime, LoadError, useApiErrorHandler } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Flex, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type AuditRunView, auditRunsQuery, type RunVerification, useVerifyRun } from '../api/audits';
import { useAuditT } from './audit-messages';
import { useUserNames } from './use-user-names';

const mono = { fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' as const };

function RunCard({ institutionId, run }: { institutionId: string; run: AuditRunView }) {
  const t = useAuditT();
  const nameOf = useUserNames(institutionId);
  const onError = useApiErrorHandler();
  const verify = useVerifyRun(institutionId);
  const [result, setResult] = useState<RunVerification | null>(null);
  const manual = run.occurrence.startsWith('manual-');
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`run-${run.id}`}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{formatDateTime(run.createdAt)}</span>
          <Tag>{manual ? t('runs.manual') : run.plan.code}</Tag>
          <Tag
            color={run.status === 'closed' ? 'success' : 'processing'}
            data-testid={`run-status-${run.id}`}
          >
            {t(`runs.status.${run.status}`)}
          </Tag>
        </Flex>
      }
      extra={
        run.seed ? (
          <Button
            size="small"
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            data-testid={`run-verify-${run.id}`}
            onClick={() => verify.mutate(run.id, { onSuccess: setResult, onError: (e) => onError(e) })}
          >
            {t('runs.verify')}
          </Button>
        ) : null
      }
    >
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('runs.population')}>
          {run.n} / {run.populationSize}
        </Descriptions.Item>
        <Descriptions.Item label={t('runs.sample')}>
          <Space wrap data-testid={`run-sample-${run.id}`}>
            {run.picked.map((id) => (
              <Tag key={id}>{nameOf(id)}</Tag>
            ))}
          </Space>
        </Descriptions.Item>
        {run.strata ? (
          <Descriptions.Item label={t('runs.strata')}>
            <Space wrap>
              {run.strata.map((s) => (
                <Tag key={s.key}>
                  {t('runs.stratum', { key: s.key, allocated: s.allocated, size: s.size })}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
        ) : null}
        {run.certain ? (
          <Descriptions.Item label={t('runs.certain')}>
            <Space wrap>
              {run.certain.map((id) => (
                <Tag key={id}>{nameOf(id)}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('runs.commitment')}>
          <span style={mono} data-testid={`run-commitment-${run.id}`}>
            {run.commitment}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('runs.seed')}>
          {run.seed ? (
            <span style={mono} data-testid={`run-seed-${run.id}`}>
              {run.seed}
            </span>
          ) : (
            <Typography.Text type="secondary">{t('runs.seedSecret')}</Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      {result ? (
        <Alert
          style={{ marginTop: 12 }}
          type={result.valid ? 'success' : 'error'}
          icon={
            result.valid ? (
              <CheckCircleTwoTone twoToneColor="#52c41a" />
            ) : (
              <CloseCircleTwoTone twoToneColor="#ff4d4f" />
            )
          }
          showIcon
          data-testid={`run-verification-${run.id}`}
          title={result.valid ? t('runs.valid') : t('runs.invalid')}
          description={
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('runs.recomputedCommitment')}>
                <span style={mono}>{result.recomputedCommitment}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('runs.recomputedPicked')}>
                {result.recomputedPicked.map((id) => nameOf(id)).join('，')}
              </Descriptions.Item>
            </Descriptions>
          }
        />
      ) : null}
    </Card>
  );
}

/** A plan's runs, newest first: each sample, its commitment, and once closed the seed and a verification. */
export function RunHistory({ institutionId, planId }: { institutionId: string; planId: string }) {
  const t = useAuditT();
  const runs = useQuery({ ...auditRunsQuery(institutionId, planId), refetchInterval: 5000 });
  if (runs.isError) return <LoadError error={runs.error} onRetry={() => runs.refetch()} />;
  if (runs.isPending) return <Spin />;
  if (runs.data.length === 0) return <Empty description={t('runs.empty')} data-testid="runs-empty" />;
  return (
    <div data-testid="runs">
      {runs.data.map((run) => (
        <RunCard key={run.id} institutionId={institutionId} run={run} />
      ))}
    </div>
  );
}
