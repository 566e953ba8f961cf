import { defineMessages, glossary } from '@rapport/ui-shared';

const planEditorMessages = defineMessages(
  {
    ...glossary.zh,
    'plan.required': '必填',
    'plan.problems': '服务器指出的问题：',
    'plan.save': '保存计划',
    'plan.section.basics': '基本信息',
    'plan.code': '代码',
    'plan.nameZh': '名称（中文）',
    'plan.nameEn': '名称（英文）',
  },
  {
    ...glossary.en,
    'plan.required': 'Required',
    'plan.problems': 'The server found these problems:',
    'plan.save': 'Save the plan',
    'plan.section.basics': 'Basics',
    'plan.code': 'Code',
    'plan.nameZh': 'Name (Chinese)',
    'plan.nameEn': 'Name (English)',
  },
);

/** Texts every plan editor shows the same way (an audit plan's, a cycle's). */
export const usePlanEditorT = planEditorMessages.useT;
