import type { Message } from '@rapport/schemas';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Descriptions, Flex, Grid, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { PluginContentsView } from '../api/plugins';
import { usePluginT } from './plugin-messages';

/** Names as tags, or "none". */
function Names({ names, testId }: { names: Message[]; testId: string }) {
  const t = usePluginT();
  const language = useLanguage();
  if (names.length === 0)
    return <Typography.Text type="secondary">{t('plugins.contents.nothing')}</Typography.Text>;
  return (
    <Flex wrap gap={4} data-testid={testId}>
      {names.map((name) => (
        <Tag key={`${name.zh}|${name.en}`} style={{ marginInlineEnd: 0 }}>
          {localisedName(name, language)}
        </Tag>
      ))}
    </Flex>
  );
}

/** What installing a plugin adds: each kind of content, counted and named. */
export function PluginContents({ pluginId, contents }: { pluginId: string; contents: PluginContentsView }) {
  const t = usePluginT();
  const language = useLanguage();
  const counted = (label: string, count: number) => `${label} (${count})`;
  const items: { key: string; label: string; children: ReactNode }[] = [
    {
      key: 'forms',
      label: counted(t('plugins.contents.forms'), contents.forms.length),
      children: <Names names={contents.forms.map((f) => f.title)} testId={`plugin-forms-${pluginId}`} />,
    },
    {
      key: 'workflows',
      label: counted(t('plugins.contents.workflows'), contents.workflows.length),
      children: (
        <Names names={contents.workflows.map((w) => w.title)} testId={`plugin-workflows-${pluginId}`} />
      ),
    },
    {
      key: 'indicatorSets',
      label: counted(t('plugins.contents.indicatorSets'), contents.indicatorSets.length),
      children: (
        <Flex vertical gap={4}>
          <Names names={contents.indicatorSets.map((s) => s.name)} testId={`plugin-sets-${pluginId}`} />
          <Typography.Text type="secondary">
            {t('plugins.contents.indicators', { count: contents.indicators })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'checklists',
      label: counted(t('plugins.contents.checklists'), contents.checklists.length),
      children: (
        <Names names={contents.checklists.map((c) => c.title)} testId={`plugin-checklists-${pluginId}`} />
      ),
    },
    {
      key: 'auditPlans',
      label: counted(t('plugins.contents.auditPlans'), contents.auditPlans.length),
      children: (
        <Names names={contents.auditPlans.map((p) => p.name)} testId={`plugin-audit-plans-${pluginId}`} />
      ),
    },
    ...(['cycle', 'selection'] as const).map((key) => {
      const item = contents[key];
      return {
        key,
        label: t(`plugins.contents.${key}`),
        children: item ? (
          <span data-testid={`plugin-${key}-${pluginId}`}>{localisedName(item.name, language)}</span>
        ) : (
          <Typography.Text type="secondary">{t('plugins.contents.nothing')}</Typography.Text>
        ),
      };
    }),
    {
      key: 'grades',
      label: t('plugins.contents.grades'),
      children:
        contents.grades > 0 ? (
          t('plugins.contents.gradeCount', { count: contents.grades })
        ) : (
          <Typography.Text type="secondary">{t('plugins.contents.nothing')}</Typography.Text>
        ),
    },
    {
      key: 'customerKinds',
      label: counted(t('plugins.contents.customerKinds'), contents.customerKinds.length),
      children: (
        <Names names={contents.customerKinds.map((k) => k.label)} testId={`plugin-kinds-${pluginId}`} />
      ),
    },
    {
      key: 'demo',
      label: t('plugins.contents.demo'),
      children: contents.demo ? (
        <span data-testid={`plugin-demo-${pluginId}`}>{t('plugins.contents.demoSize', contents.demo)}</span>
      ) : (
        <Typography.Text type="secondary">{t('plugins.contents.nothing')}</Typography.Text>
      ),
    },
  ];
  // On a phone the labels go above their contents rather than squeezed into a column beside them.
  const wide = Grid.useBreakpoint().sm ?? true;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      layout={wide ? 'horizontal' : 'vertical'}
      items={items}
      styles={{ label: wide ? { width: 150 } : {} }}
    />
  );
}
