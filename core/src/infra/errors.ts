import createError from '@fastify/error';
import type { Message } from '@rapport/schemas';
import type { FastifyError } from 'fastify';

export type Lang = keyof Message;

const catalogue = new Map<string, Message>();

/**
 * Defines a named error: the English text is the error's own message (logs), the zh-CN text is
 * looked up by code when the error reaches a zh-CN client.
 */
function defineError(code: string, statusCode: number, message: Message) {
  catalogue.set(code, message);
  return createError(code, message.en, statusCode);
}

export const Errors = {
  VALIDATION_ERROR: defineError('VALIDATION_ERROR', 400, {
    en: 'The request is not valid',
    zh: '请求内容不合法',
  }),
  OPERATOR_IN_INPUT: defineError('ERR_OPERATOR_IN_INPUT', 400, {
    en: 'Field names may not start with "$", contain "." or NUL, or be __proto__/constructor/prototype',
    zh: '字段名不能以 "$" 开头、不能包含 "." 或空字符，也不能是 __proto__/constructor/prototype',
  }),
  NOT_FOUND: defineError('ERR_NOT_FOUND', 404, { en: 'Not found', zh: '未找到' }),
  ROUTE_NOT_FOUND: defineError('ERR_ROUTE_NOT_FOUND', 404, { en: 'No such route', zh: '没有这个接口' }),
  CONFLICT: defineError('ERR_CONFLICT', 409, {
    en: 'Someone else changed this record in the meantime; reload and try again',
    zh: '此记录已被他人修改，请刷新后重试',
  }),
  FORBIDDEN: defineError('ERR_FORBIDDEN', 403, {
    en: 'Your role may not do this',
    zh: '您的角色无权执行此操作',
  }),
  INTERNAL: defineError('ERR_INTERNAL', 500, {
    en: 'Internal server error',
    zh: '服务器内部错误',
  }),
  UNAVAILABLE: defineError('ERR_UNAVAILABLE', 503, {
    en: 'A required service is not available',
    zh: '依赖的服务暂不可用',
  }),
  AUTH_UNAUTHENTICATED: defineError('AUTH_ERR_UNAUTHENTICATED', 401, {
    en: 'Please sign in',
    zh: '请先登录',
  }),
  AUTH_INVALID_CREDENTIALS: defineError('AUTH_ERR_INVALID_CREDENTIALS', 401, {
    en: 'Wrong email or password',
    zh: '邮箱或密码错误',
  }),
  AUTH_DISABLED: defineError('AUTH_ERR_DISABLED', 403, {
    en: 'This account is disabled; ask your administrator',
    zh: '此账号已停用，请联系管理员',
  }),
  AUTH_TOO_MANY_ATTEMPTS: defineError('AUTH_ERR_TOO_MANY_ATTEMPTS', 429, {
    en: 'Too many failed sign-in attempts; wait 15 minutes and try again',
    zh: '登录失败次数过多，请 15 分钟后再试',
  }),
  INSTITUTIONS_CODE_TAKEN: defineError('INSTITUTIONS_ERR_CODE_TAKEN', 409, {
    en: 'An institution with this code already exists',
    zh: '该机构代码已存在',
  }),
  USERS_EMAIL_TAKEN: defineError('USERS_ERR_EMAIL_TAKEN', 409, {
    en: 'A user with this email already exists',
    zh: '该邮箱已被使用',
  }),
  USERS_CANNOT_DEMOTE_SELF: defineError('USERS_ERR_CANNOT_CHANGE_SELF', 409, {
    en: 'You cannot disable yourself or change your own role',
    zh: '不能停用自己或修改自己的角色',
  }),
  FORMS_KEY_TAKEN: defineError('FORMS_ERR_KEY_TAKEN', 409, {
    en: 'A form with this key already exists',
    zh: '该表单标识已存在',
  }),
  FORMS_NOTHING_TO_PUBLISH: defineError('FORMS_ERR_NOTHING_TO_PUBLISH', 409, {
    en: 'The draft is the same as the latest published version; nothing to publish',
    zh: '草稿与最新发布版本相同，无需发布',
  }),
  FORMS_NOT_FILLABLE: defineError('FORMS_ERR_NOT_FILLABLE', 409, {
    en: 'This form is not published, or is archived, and cannot be filled',
    zh: '此表单未发布或已归档，不能填写',
  }),
  SUBMISSIONS_ALREADY_SUBMITTED: defineError('SUBMISSIONS_ERR_ALREADY_SUBMITTED', 409, {
    en: 'This submission was already submitted and can no longer change',
    zh: '此提交已提交，不能再修改',
  }),
  WORKFLOWS_KEY_TAKEN: defineError('WORKFLOWS_ERR_KEY_TAKEN', 409, {
    en: 'A workflow with this key already exists',
    zh: '该流程标识已存在',
  }),
  WORKFLOWS_NOT_PUBLISHED: defineError('WORKFLOWS_ERR_NOT_PUBLISHED', 409, {
    en: 'This workflow has no published version yet',
    zh: '此流程尚未发布',
  }),
  WORKFLOWS_ACTION_UNAVAILABLE: defineError('WORKFLOWS_ERR_ACTION_UNAVAILABLE', 409, {
    en: 'This action is not available in the current state',
    zh: '当前状态下不能执行此操作',
  }),
  WORKFLOWS_NOT_YOUR_TURN: defineError('WORKFLOWS_ERR_NOT_YOUR_TURN', 403, {
    en: 'You are not among those who may take this action',
    zh: '您不在可执行此操作的人员之列',
  }),
  WORKFLOWS_SELF_APPROVAL: defineError('WORKFLOWS_ERR_SELF_APPROVAL', 403, {
    en: 'You may not act on a matter that concerns yourself',
    zh: '不能处理与本人有关的事项',
  }),
  WORKFLOWS_GUARD_FAILED: defineError('WORKFLOWS_ERR_GUARD_FAILED', 409, {
    en: "The transition's condition is not met",
    zh: '不满足流转条件',
  }),
  WORKFLOWS_ALREADY_APPROVED: defineError('WORKFLOWS_ERR_ALREADY_APPROVED', 409, {
    en: 'You have already approved this',
    zh: '您已批准过此事项',
  }),
  ORG_UNITS_CODE_TAKEN: defineError('ORG_UNITS_ERR_CODE_TAKEN', 409, {
    en: 'Another org unit of this institution already has this code',
    zh: '本机构已有使用此编码的机构单元',
  }),
  ORG_UNITS_NOT_EMPTY: defineError('ORG_UNITS_ERR_NOT_EMPTY', 409, {
    en: 'This org unit still has units below it or people in it; move them first',
    zh: '该机构单元下仍有下级单元或人员，请先调走',
  }),
  MANAGERS_NOT_A_MANAGER: defineError('MANAGERS_ERR_NOT_A_MANAGER', 409, {
    en: 'Only a user with the manager role can have a manager profile',
    zh: '只有角色为客户经理的用户才能建立客户经理档案',
  }),
  MANAGERS_EXISTS: defineError('MANAGERS_ERR_EXISTS', 409, {
    en: 'This user already has a manager profile',
    zh: '该用户已有客户经理档案',
  }),
  MANAGERS_SAME_GRADE: defineError('MANAGERS_ERR_SAME_GRADE', 409, {
    en: 'The manager already has this grade',
    zh: '该客户经理已是此等级',
  }),
  // Customers: files, ownership, facts and their import, weekly entries.
  CUSTOMERS_CODE_TAKEN: defineError('CUSTOMERS_ERR_CODE_TAKEN', 409, {
    en: 'A customer with this code already exists in this institution',
    zh: '本机构已有使用此编号的客户',
  }),
  CUSTOMERS_SAME_OWNERS: defineError('CUSTOMERS_ERR_SAME_OWNERS', 409, {
    en: 'The customer already has exactly these managers; nothing to reassign',
    zh: '该客户的客户经理未发生变化，无需调整',
  }),
  CUSTOMERS_UNREADABLE_FILE: defineError('CUSTOMERS_ERR_UNREADABLE_FILE', 400, {
    en: 'The file cannot be read as a CSV or XLSX table',
    zh: '无法将文件读取为 CSV 或 XLSX 表格',
  }),
  CUSTOMERS_IMPORT_REJECTED: defineError('CUSTOMERS_ERR_IMPORT_REJECTED', 400, {
    en: 'Nothing was imported: the rows listed in details have problems; fix them and send the whole file again',
    zh: '未导入任何数据：详情中列出的行有问题，请修正后重新导入整个文件',
  }),
  CUSTOMERS_FACT_ID_TAKEN: defineError('CUSTOMERS_ERR_FACT_ID_TAKEN', 409, {
    en: 'A different fact was already recorded under this external id',
    zh: '此外部编号已用于另一条不同的业务数据',
  }),
  CYCLES_CODE_TAKEN: defineError('CYCLES_ERR_CODE_TAKEN', 409, {
    en: 'Another appraisal cycle of this institution already has this code',
    zh: '本机构已有使用此编码的考核周期',
  }),
  CYCLES_NOT_DRAFT: defineError('CYCLES_ERR_NOT_DRAFT', 409, {
    en: 'This cycle has been launched; its plan can no longer change (clone it for the next period)',
    zh: '该考核周期已启动，方案不能再修改（可复制为下一期再修订）',
  }),
  CYCLES_NOT_LAUNCHED: defineError('CYCLES_ERR_NOT_LAUNCHED', 409, {
    en: 'Results can only be published for a launched cycle that has not published them yet',
    zh: '只有已启动且尚未公布结果的考核周期才能公布结果',
  }),
  CYCLES_NOT_PUBLISHED: defineError('CYCLES_ERR_NOT_PUBLISHED', 409, {
    en: 'The pay sheet exists once the results are published',
    zh: '考核结果公布后才能生成薪酬表',
  }),
  CYCLES_NOT_COMMITTEE: defineError('CYCLES_ERR_NOT_COMMITTEE', 403, {
    en: "Only members of the cycle's committee may calibrate scores",
    zh: '只有本期考核委员会成员才能校准分数',
  }),
  CYCLES_NOT_CALIBRATING: defineError('CYCLES_ERR_NOT_CALIBRATING', 409, {
    en: 'Scores can be calibrated only at calibration or while an appeal is reviewed',
    zh: '只有在校准阶段或申诉复核期间才能调整分数',
  }),
  EVALUATIONS_LINK_INVALID: defineError('EVALUATIONS_ERR_LINK_INVALID', 404, {
    en: 'This evaluation link is not valid; please check that it was copied whole',
    zh: '该评价链接无效，请确认链接完整',
  }),
  EVALUATIONS_LINK_USED: defineError('EVALUATIONS_ERR_LINK_USED', 409, {
    en: 'This evaluation has already been answered; thank you',
    zh: '该评价已提交，感谢您的参与',
  }),
  EVALUATIONS_LINK_EXPIRED: defineError('EVALUATIONS_ERR_LINK_EXPIRED', 410, {
    en: 'This evaluation link has expired',
    zh: '该评价链接已过期',
  }),
  AUDITS_CODE_TAKEN: defineError('AUDITS_ERR_CODE_TAKEN', 409, {
    en: 'Another audit plan of this institution already has this code',
    zh: '本机构已有使用此编码的检查计划',
  }),
  AUDITS_SEED_SECRET: defineError('AUDITS_ERR_SEED_SECRET', 409, {
    en: "The run's seed is revealed once all its audits are closed; it can be verified then",
    zh: '本次抽查的随机种子在其全部检查结束后公开，届时方可验证',
  }),
  AUDITS_WRONG_STATUS: defineError('AUDITS_ERR_WRONG_STATUS', 409, {
    en: 'The audit is not at a step where this can be done',
    zh: '该检查当前所处环节不能执行此操作',
  }),
  AUDITS_CHECKLIST_MISSING: defineError('AUDITS_ERR_CHECKLIST_MISSING', 409, {
    en: 'Attach the filled checklist before closing the audit',
    zh: '请先提交检查表，再结束检查',
  }),
  PLUGINS_ALREADY_INSTALLED: defineError('PLUGINS_ERR_ALREADY_INSTALLED', 409, {
    en: 'This plugin is already installed in this institution',
    zh: '本机构已安装此插件',
  }),
  PLUGINS_UP_TO_DATE: defineError('PLUGINS_ERR_UP_TO_DATE', 409, {
    en: 'The installed version is already the latest',
    zh: '已安装的版本已是最新',
  }),
  PLUGINS_IN_USE: defineError('PLUGINS_ERR_IN_USE', 409, {
    en: "Data depends on this plugin's content (see details); confirm archiving to keep the data and retire the plugin",
    zh: '已有数据依赖此插件的内容（见详情）；确认归档即可保留数据并停用插件',
  }),
  BODY_TOO_LARGE: defineError('ERR_BODY_TOO_LARGE', 413, {
    en: 'The request body is too large (1 MiB at most)',
    zh: '请求体过大（最多 1 MiB）',
  }),
  UNSUPPORTED_MEDIA_TYPE: defineError('ERR_UNSUPPORTED_MEDIA_TYPE', 415, {
    en: 'Send the body as application/json',
    zh: '请求体须为 application/json',
  }),
  MALFORMED_JSON: defineError('ERR_MALFORMED_JSON', 400, {
    en: 'The request body is not valid JSON',
    zh: '请求体不是合法的 JSON',
  }),
  // Appraisal: the indicator library and indicator sets.
  INDICATORS_CODE_TAKEN: defineError('INDICATORS_ERR_CODE_TAKEN', 409, {
    en: 'An indicator with this code already exists in the library',
    zh: '指标库中已有使用此代码的指标',
  }),
  INDICATORS_IN_USE: defineError('INDICATORS_ERR_IN_USE', 409, {
    en: 'Indicator sets still use this indicator; remove it from them first',
    zh: '仍有指标集在使用此指标，请先从指标集中移除',
  }),
  INDICATOR_SETS_CODE_TAKEN: defineError('INDICATOR_SETS_ERR_CODE_TAKEN', 409, {
    en: 'An indicator set with this code already exists',
    zh: '已有使用此代码的指标集',
  }),
  // Selection and certification: recruitment drives, their candidates, certifying the chosen.
  SELECTION_DRIVE_CODE_TAKEN: defineError('SELECTION_ERR_DRIVE_CODE_TAKEN', 409, {
    en: 'Another recruitment drive of this institution already has this code',
    zh: '本机构已有使用此编码的选拔批次',
  }),
  SELECTION_DRIVE_CLOSED: defineError('SELECTION_ERR_DRIVE_CLOSED', 409, {
    en: 'This recruitment drive is closed; it can no longer change',
    zh: '该选拔批次已结束，不能再修改',
  }),
  SELECTION_DRIVE_HAS_CERTIFIED: defineError('SELECTION_ERR_DRIVE_HAS_CERTIFIED', 409, {
    en: 'This drive has certified candidates and cannot be removed; close it instead',
    zh: '该选拔批次已有通过认证的人员，不能删除，请改为结束',
  }),
  SELECTION_CANDIDATE_EXISTS: defineError('SELECTION_ERR_CANDIDATE_EXISTS', 409, {
    en: 'This person is already a candidate in this drive',
    zh: '此人已是本次选拔的候选人',
  }),
  SELECTION_CANDIDATE_CERTIFIED: defineError('SELECTION_ERR_CANDIDATE_CERTIFIED', 409, {
    en: 'This candidate is certified; their record can no longer change',
    zh: '该候选人已通过认证，记录不能再修改',
  }),
  SELECTION_ALREADY_CERTIFIED: defineError('SELECTION_ERR_ALREADY_CERTIFIED', 409, {
    en: 'Already certified: no second manager profile is opened (see details)',
    zh: '已通过认证，不会重复建立客户经理档案（见详情）',
  }),
  SELECTION_NOT_CERTIFIABLE: defineError('SELECTION_ERR_NOT_CERTIFIABLE', 409, {
    en: 'Nobody was certified: the candidates listed in details cannot be, for the reasons given',
    zh: '未认证任何人：详情中所列候选人因所述原因不能认证',
  }),
  // Reports: dashboards, exports and result letters over published results.
  REPORTS_NOT_PUBLISHED: defineError('REPORTS_ERR_NOT_PUBLISHED', 409, {
    en: 'The results of this appraisal are not published yet',
    zh: '该考核结果尚未公布',
  }),
} as const;

/** The zh-CN or en text of a known error code; undefined for codes the catalogue does not hold. */
export function messageOf(code: string, lang: Lang): string | undefined {
  return catalogue.get(code)?.[lang];
}

export function isKnownError(err: unknown): boolean {
  return (
    err instanceof Error &&
    typeof (err as FastifyError).code === 'string' &&
    catalogue.has((err as FastifyError).code)
  );
}

/** zh-CN is the default; a client asking for English first gets English. */
export function langOf(acceptLanguage: string | undefined): Lang {
  return acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** A 400 whose details name every problem (`{in, path, message}`, message in zh and en). */
export function validationError(details: { in: string; path: string; message: Message | string }[]): Error {
  const err = new Errors.VALIDATION_ERROR();
  (err as unknown as { details: unknown }).details = details;
  return err;
}
