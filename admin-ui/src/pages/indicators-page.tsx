import {
  checkIndicatorSet,
  EVALUATION_SOURCE_LABELS,
  type EvaluationSource,
  GRADE_LABELS,
  INDICATOR_CATEGORIES,
  INDICATOR_CATEGORY_LABELS,
  type ScoringRule,
} from '@rapport/schemas';
import { LoadError, localisedName, useApiErrorHandler, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { useIndicatorT } from '../indicators/indicator-messages';
import {
  categoryTotals,
  type IndicatorSetView,
  type IndicatorView,
  libraryQuery,
  setsQuery,
  useInstallDefaults,
} from '../indicators/indicators-api';

function useRuleText() {
  const t = useIndicatorT();
  return (rule: ScoringRule) => {
    if (rule.kind === 'scale') return t('indicators.ruleScale', { min: rule.min, max: rule.max });
    if (rule.kind === 'linear')
      return t('indicators.ruleLinear', {
        target: rule.target,
        targetScore: rule.targetScore,
        cap: rule.cap,
      });
    return t('indicators.ruleBands', { bands: rule.bands.map((b) => `≥${b.min}: ${b.score}`).join(', ') });
  };
}

function SetCard({ set, library }: { set: IndicatorSetView; library: Map<string, IndicatorView> }) {
  const t = useIndicatorT();
  const language = useLanguage();
  const ruleText = useRuleText();
  const problems = useMemo(() => checkIndicatorSet(set, library), [set, library]);
  const totals = categoryTotals(set, library);
  const rows = set.items.map((item) => ({ ...item, indicatorDoc: library.get(item.indicator) }));
  return (
    <Card
      data-testid={`indicator-set-${set.code}`}
      title={
        <>
          <Tag color="blue">{localisedName(GRADE_LABELS[set.grade], language)}</Tag>
          {localisedName(set.name, language)}
        </>
      }
      extra={<Typography.Text code>{set.code}</Typography.Text>}
      style={{ height: '100%' }}
    >
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t('sets.problems')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {problems.map((p) => (
                <li key={`${p.path}-${p.message.en}`}>{language === 'en' ? p.message.en : p.message.zh}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 12 }}
        />
      ) : (
        <Alert type="success" showIcon title={t('sets.valid')} style={{ marginBottom: 12 }} />
      )}
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'categories',
            label: t('sets.categoryWeights'),
            children: INDICATOR_CATEGORIES.map(
              (c) => `${localisedName(INDICATOR_CATEGORY_LABELS[c], language)} ${set.categoryWeights[c]}`,
            ).join(' · '),
          },
          {
            key: 'sources',
            label: t('sets.sourceWeights'),
            children: (Object.keys(set.sourceWeights) as EvaluationSource[])
              .map((s) => `${localisedName(EVALUATION_SOURCE_LABELS[s], language)} ${set.sourceWeights[s]}`)
              .join(' · '),
          },
        ]}
      />
      {INDICATOR_CATEGORIES.map((category) => {
        const items = rows.filter((r) => r.indicatorDoc?.category === category);
        if (items.length === 0) return null;
        return (
          <Table
            key={category}
            size="small"
            pagination={false}
            rowKey="indicator"
            dataSource={items}
            style={{ marginTop: 12 }}
            title={() => (
              <Typography.Text strong>
                {localisedName(INDICATOR_CATEGORY_LABELS[category], language)} (
                {t('sets.itemTotal', { total: totals[category] })})
              </Typography.Text>
            )}
            columns={[
              {
                title: t('indicators.name'),
                key: 'name',
                render: (_, r) =>
                  r.indicatorDoc ? localisedName(r.indicatorDoc.name, language) : r.indicator,
              },
              {
                title: t('indicators.rule'),
                key: 'rule',
                render: (_, r) => {
                  const rule = r.rule ?? r.indicatorDoc?.rule;
                  return rule ? ruleText(rule) : null;
                },
              },
              { title: t('term.weight'), dataIndex: 'weight', align: 'right', width: 80 },
            ]}
          />
        );
      })}
    </Card>
  );
}

export default function IndicatorsPage() {
  const t = useIndicatorT();
  const language = useLanguage();
  const ruleText = useRuleText();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const { institutionId = '' } = useParams();
  const library = useQuery(libraryQuery(institutionId));
  const sets = useQuery(setsQuery(institutionId));
  const install = useInstallDefaults(institutionId);
  const byCode = useMemo(() => new Map((library.data ?? []).map((i) => [i.code, i])), [library.data]);

  const installDefaults = () =>
    install.mutate(undefined, {
      onSuccess: (report) =>
        message.success(
          t('indicators.installed', {
            indicators: report.indicators.created.length,
            sets: report.sets.created.length,
          }),
        ),
      onError: (error) => onError(error),
    });

  const libraryTab = library.isError ? (
    <LoadError error={library.error} onRetry={() => library.refetch()} />
  ) : (
    <Table<IndicatorView>
      data-testid="indicators-table"
      rowKey="code"
      loading={library.isPending}
      dataSource={library.data ?? []}
      pagination={false}
      locale={{ emptyText: <Empty description={t('indicators.empty')} /> }}
      columns={[
        { title: t('indicators.code'), dataIndex: 'code' },
        { title: t('indicators.name'), key: 'name', render: (_, i) => localisedName(i.name, language) },
        {
          title: t('indicators.category'),
          key: 'category',
          render: (_, i) => localisedName(INDICATOR_CATEGORY_LABELS[i.category], language),
          filters: INDICATOR_CATEGORIES.map((c) => ({
            text: localisedName(INDICATOR_CATEGORY_LABELS[c], language),
            value: c,
          })),
          onFilter: (value, i) => i.category === value,
        },
        {
          title: t('indicators.kind'),
          key: 'kind',
          render: (_, i) => (
            <Tag color={i.kind === 'qualitative' ? 'purple' : 'green'}>{t(`indicators.${i.kind}`)}</Tag>
          ),
        },
        { title: t('indicators.rule'), key: 'rule', render: (_, i) => ruleText(i.rule) },
        {
          title: t('indicators.sources'),
          key: 'sources',
          render: (_, i) =>
            i.kind === 'quantitative'
              ? t('indicators.businessData')
              : i.sources.map((s) => localisedName(EVALUATION_SOURCE_LABELS[s], language)).join('、'),
        },
        {
          title: t('indicators.status'),
          key: 'status',
          render: (_, i) => (
            <Tag color={i.status === 'active' ? 'success' : 'default'}>{t(`indicators.${i.status}`)}</Tag>
          ),
        },
      ]}
    />
  );

  const setsTab = sets.isError ? (
    <LoadError error={sets.error} onRetry={() => sets.refetch()} />
  ) : sets.isPending || library.isPending ? (
    <Spin />
  ) : sets.data.length === 0 ? (
    <Empty description={t('indicators.empty')} />
  ) : (
    <Row gutter={[16, 16]}>
      {sets.data.map((set) => (
        <Col key={set.id} xs={24} xl={12}>
          <SetCard set={set} library={byCode} />
        </Col>
      ))}
    </Row>
  );

  return (
    <>
      <Row justify="space-between" align="middle">
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="page-title">
          {t('indicators.title')}
        </Typography.Title>
        <Button
          onClick={installDefaults}
          loading={install.isPending}
          data-testid="indicators-install-defaults"
        >
          {t('indicators.installDefaults')}
        </Button>
      </Row>
      <Typography.Paragraph type="secondary">{t('indicators.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'library', label: t('indicators.library'), children: libraryTab },
          { key: 'sets', label: t('indicators.sets'), children: setsTab },
        ]}
      />
    </>
  );
}
