import { LoadError, localisedName, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Row, Spin, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import { type GradeDefinitionView, gradesQuery } from '../api/org';
import { GradeDefinitionModal } from '../managers/grade-definition-modal';
import { GradeTag } from '../managers/grade-tag';
import { useOrgT } from '../org/org-messages';
import { useModalTarget } from '../org/use-modal-target';

const tags = (words: readonly string[]) => words.map((word) => <Tag key={word}>{word}</Tag>);

export default function GradesPage() {
  const t = useOrgT();
  const language = useLanguage();
  const { institutionId = '' } = useParams();
  const grades = useQuery(gradesQuery(institutionId));
  const editing = useModalTarget<GradeDefinitionView>();

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="page-title">
        {t('term.gradeStandards')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('grades.intro')}</Typography.Paragraph>
      {grades.isError ? (
        <LoadError error={grades.error} onRetry={() => grades.refetch()} />
      ) : grades.isPending ? (
        <Spin />
      ) : (
        <Row gutter={[16, 16]}>
          {grades.data.map((definition) => (
            <Col key={definition.grade} xs={24} xl={12}>
              <Card
                data-testid={`grade-${definition.grade}`}
                title={
                  <>
                    <GradeTag grade={definition.grade} />
                    {definition.rev === 0 ? <Tag>{t('grades.default')}</Tag> : null}
                  </>
                }
                extra={
                  <Button
                    type="link"
                    onClick={() => editing.open(definition)}
                    data-testid={`grade-edit-${definition.grade}`}
                  >
                    {t('grades.edit')}
                  </Button>
                }
                style={{ height: '100%' }}
              >
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    {
                      key: 'criteria',
                      label: t('grades.criteria'),
                      children: localisedName(definition.criteria, language),
                    },
                    {
                      key: 'tiers',
                      label: t('grades.customerTiers'),
                      children: tags(definition.customerTiers),
                    },
                    { key: 'products', label: t('grades.products'), children: tags(definition.products) },
                    {
                      key: 'salary',
                      label: t('grades.baseSalary'),
                      children: definition.baseSalary.toLocaleString(language),
                    },
                  ]}
                />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <GradeDefinitionModal
        key={`grade-${editing.key}`}
        institutionId={institutionId}
        definition={editing.target}
        onClose={editing.close}
      />
    </>
  );
}
