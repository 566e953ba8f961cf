import { defineMessages } from '@rapport/ui-shared';

const portalMessages = defineMessages(
  {
    'portal.subtitle': '门户',
    'home.greeting': '您好，{name}',
    'home.roleAt': '{role} · {institution}',
    'home.adminConsole': '进入管理控制台',
    'home.comingSoon': '尚未开放',
    'home.comingSoonNote': '以下功能正在建设中，开放后将显示在这里。',
    'home.tasks.title': '我的待办',
    'home.tasks.description': '等待您处理的考核、考察等流程步骤将在这里列出。',
    'home.forms.title': '我的表单',
    'home.forms.description': '您可以填写的表单（客户档案、每周信息录入、自评等）将在这里列出。',
    'home.results.title': '我的结果',
    'home.results.description': '您的考核得分、客户经理等级和绩酬挂钩结果将在这里显示。',
    'home.audits.title': '分配给我的稽核',
    'home.audits.description': '分配给您的定期考察和随机抽查将在这里列出。',
  },
  {
    'portal.subtitle': 'Portal',
    'home.greeting': 'Hello, {name}',
    'home.roleAt': '{role} · {institution}',
    'home.adminConsole': 'Open the admin console',
    'home.comingSoon': 'Not available yet',
    'home.comingSoonNote': 'The features below are being built and will appear here when they are ready.',
    'home.tasks.title': 'My tasks',
    'home.tasks.description': 'Appraisal and inspection workflow steps waiting for you will be listed here.',
    'home.forms.title': 'My forms',
    'home.forms.description':
      'Forms you can fill in (customer files, weekly information entry, self-evaluation…) will be listed here.',
    'home.results.title': 'My results',
    'home.results.description':
      'Your appraisal scores, manager grade and pay-for-performance results will appear here.',
    'home.audits.title': 'Audits assigned to me',
    'home.audits.description':
      'Scheduled inspections and random spot checks assigned to you will be listed here.',
  },
);

export const usePortalT = portalMessages.useT;
