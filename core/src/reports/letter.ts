import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  EVALUATION_SOURCE_LABELS,
  EVALUATION_SOURCES,
  GRADE_LABELS,
  INDICATOR_CATEGORIES,
  INDICATOR_CATEGORY_LABELS,
  type Message,
  RESULT_LEVEL_LABELS,
  type ResultLevelRule,
} from '@rapport/schemas';
import PDFDocument from 'pdfkit';
import type { LetterData } from './service.js';

export type LetterLang = keyof Message;

/** Noto Sans SC covers Chinese and Latin; pdfkit embeds only the glyphs a letter uses. */
const FONT_PATH = createRequire(import.meta.url).resolve(
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);
let font: Promise<Buffer> | null = null;
const fontData = () => {
  font ??= readFile(FONT_PATH);
  return font;
};

const TEXT = {
  title: { zh: '客户经理考核结果通知书', en: 'Appraisal Result Letter' },
  to: { zh: '致：', en: 'To: ' },
  intro: {
    zh: (cycle: string, from: string, to: string) =>
      `您在“${cycle}”（考核期间 ${from} 至 ${to}）中的考核结果已经考核委员会审定并公布，现通知如下。`,
    en: (cycle: string, from: string, to: string) =>
      `The results of "${cycle}" (appraisal period ${from} to ${to}) have been approved by the appraisal committee and published. Your result is as follows.`,
  },
  total: { zh: '总分', en: 'Total score' },
  level: { zh: '考核结果', en: 'Result' },
  category: { zh: '指标类别', en: 'Category' },
  weight: { zh: '权重', en: 'Weight' },
  score: { zh: '得分', en: 'Score' },
  calibrations: { zh: '分数校准', en: 'Calibration' },
  calibrated: {
    zh: (from: string, to: string, reason: string, at: string) =>
      `${at}：由 ${from} 分调整为 ${to} 分。理由：${reason}`,
    en: (from: string, to: string, reason: string, at: string) =>
      `${at}: changed from ${from} to ${to}. Reason: ${reason}`,
  },
  feedback: { zh: '反馈意见', en: 'Feedback' },
  method: { zh: '评分方法', en: 'How the score was made' },
  appeal: {
    zh: '请在系统中确认考核结果；如有异议，可在系统中提出申诉。',
    en: 'Please accept the result in the system; if you disagree with it, you may appeal there.',
  },
  published: { zh: '公布日期', en: 'Published on' },
  issued: { zh: '出具日期', en: 'Issued on' },
  none: { zh: '无', en: 'None' },
} as const;

const shown = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : String(Math.round(n * 100) / 100);

function dateOf(date: Date, lang: LetterLang): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Asia/Shanghai',
  }).format(date);
}

function levelRuleText(rule: ResultLevelRule, lang: LetterLang): string {
  if (rule.kind === 'bands')
    return lang === 'zh'
      ? `结果等级按分数线确定：${rule.excellent} 分及以上为优秀，${rule.good} 分及以上为良好，${rule.qualified} 分及以上为合格，其余为不合格。`
      : `Levels follow score bands: ${rule.excellent} and above is excellent, ${rule.good} and above good, ${rule.qualified} and above qualified, anything lower unqualified.`;
  return lang === 'zh'
    ? `结果等级按强制分布确定：至多 ${rule.excellent}% 的客户经理为优秀，至多 ${rule.good}% 为良好，分数最低的至多 ${rule.unqualified}% 为不合格，其余为合格。`
    : `Levels follow a forced distribution: at most ${rule.excellent}% of the managers are excellent, at most ${rule.good}% good, at most ${rule.unqualified}% (the lowest totals) unqualified, everyone else qualified.`;
}

/** A short account of how the total was made, from the frozen computation and the cycle's rule. */
export function methodText(data: LetterData, lang: LetterLang): string {
  const computation = data.appraisal.score?.computation;
  const parts: string[] = [];
  const sep = lang === 'zh' ? '、' : ', ';
  if (computation) {
    const sources = EVALUATION_SOURCES.filter((s) => computation.sourceWeights[s] > 0)
      .map((s) => `${EVALUATION_SOURCE_LABELS[s][lang]} ${computation.sourceWeights[s]}%`)
      .join(sep);
    const categories = computation.categories
      .map((c) => `${INDICATOR_CATEGORY_LABELS[c.category][lang]} ${c.weight}%`)
      .join(sep);
    parts.push(
      lang === 'zh'
        ? `定性指标由各评价来源打分（${sources}），各来源的平均分按指标的评分规则折算后按权重合成；定量指标按考核期间的业务数据和评分规则计分。各指标按其在类别内的权重合成类别得分，各类得分再按类别权重（${categories}）合成总分（满分 100）。`
        : `Qualitative indicators were rated by the evaluation sources (${sources}); each source's average went through the indicator's scoring rule and the sources were combined by their weights. Quantitative indicators were scored from the period's business data by their rules. Indicators were combined by their weights within their category, and the categories by their weights (${categories}) into a total out of 100.`,
    );
    const missing = data.appraisal.score?.missing.length ?? 0;
    if (missing > 0)
      parts.push(
        computation.missingPolicy === 'zero'
          ? lang === 'zh'
            ? `有 ${missing} 项指标没有任何输入，按 0 分计。`
            : `${missing} indicator(s) had no input at all and scored 0.`
          : lang === 'zh'
            ? `有 ${missing} 项指标没有任何输入，未计入，其权重由同类其他指标分担。`
            : `${missing} indicator(s) had no input at all and were left out; the other indicators of their category carried their weight.`,
      );
  }
  if (data.appraisal.calibrations.length > 0)
    parts.push(
      lang === 'zh'
        ? '最终总分为考核委员会校准后的分数。'
        : "The final total is the appraisal committee's calibrated score.",
    );
  parts.push(levelRuleText(data.cycle.levelRule, lang));
  return parts.join(lang === 'zh' ? '' : ' ');
}

/** The result letter of a published appraisal as a one-page A4 PDF, in Chinese or English. */
export async function renderLetter(data: LetterData, lang: LetterLang, now = new Date()): Promise<Buffer> {
  const { appraisal, cycle, manager } = data;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 56, left: 64, right: 64 },
    info: {
      Title: `${TEXT.title[lang]} — ${manager.name} — ${cycle.name[lang]}`,
      Author: data.institution[lang],
      CreationDate: now,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('body', await fontData());
  doc.font('body');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const heading = (text: string) => {
    doc.moveDown(0.8).fontSize(12).fillColor('#1f3a68').text(text, left).fillColor('#000');
    doc.moveDown(0.2).fontSize(10.5);
  };

  doc.fontSize(11).fillColor('#555').text(data.institution[lang], { align: 'center' });
  doc.moveDown(0.3).fontSize(20).fillColor('#1f3a68').text(TEXT.title[lang], { align: 'center' });
  doc.moveDown(1).fontSize(10.5).fillColor('#000');
  const who = [manager.name, data.orgUnit?.[lang], GRADE_LABELS[appraisal.grade][lang]].filter(Boolean);
  doc.text(`${TEXT.to[lang]}${who.join(lang === 'zh' ? '，' : ', ')}`);
  doc.moveDown(0.5).text(TEXT.intro[lang](cycle.name[lang], cycle.period.from, cycle.period.to), {
    lineGap: 2,
  });

  // The result, large, then the three categories as a small table.
  doc.moveDown(0.8);
  const y = doc.y;
  doc.fontSize(10.5).fillColor('#555').text(TEXT.total[lang], left, y);
  doc.text(TEXT.level[lang], left + width / 2, y);
  doc
    .fontSize(22)
    .fillColor('#000')
    .text(shown(appraisal.finalTotal), left, y + 16);
  doc.text(appraisal.level ? RESULT_LEVEL_LABELS[appraisal.level][lang] : '—', left + width / 2, y + 16);
  doc.moveDown(0.6).fontSize(10.5);

  const columns = [left, left + width * 0.5, left + width * 0.75];
  const row = (cells: string[], color = '#000') => {
    const top = doc.y;
    doc.fillColor(color);
    cells.forEach((cell, i) => {
      doc.text(cell, columns[i], top, { width: width * (i === 0 ? 0.5 : 0.25) });
    });
    doc.fillColor('#000');
    doc.y = top + 18;
    doc.x = left;
  };
  row([TEXT.category[lang], TEXT.weight[lang], TEXT.score[lang]], '#555');
  doc
    .moveTo(left, doc.y - 3)
    .lineTo(left + width, doc.y - 3)
    .strokeColor('#ccc')
    .stroke();
  const steps = appraisal.score?.computation.categories ?? [];
  for (const category of INDICATOR_CATEGORIES) {
    const step = steps.find((s) => s.category === category);
    row([
      INDICATOR_CATEGORY_LABELS[category][lang],
      step ? `${step.weight}%` : '—',
      shown(appraisal.score?.categories[category]),
    ]);
  }

  heading(TEXT.calibrations[lang]);
  if (appraisal.calibrations.length === 0) doc.text(TEXT.none[lang]);
  for (const c of appraisal.calibrations)
    doc.text(`• ${TEXT.calibrated[lang](shown(c.from), shown(c.to), c.reason, dateOf(c.at, lang))}`, {
      lineGap: 2,
    });

  heading(TEXT.feedback[lang]);
  doc.text(appraisal.feedback.trim() || TEXT.none[lang], { lineGap: 2 });

  heading(TEXT.method[lang]);
  doc.fontSize(9.5).fillColor('#333').text(methodText(data, lang), { lineGap: 2 });
  doc.moveDown(0.5).text(TEXT.appeal[lang], { lineGap: 2 });

  doc.moveDown(1.5).fontSize(10.5).fillColor('#000');
  doc.text(data.institution[lang], { align: 'right' });
  const colon = lang === 'zh' ? '：' : ': ';
  if (appraisal.publishedAt)
    doc.text(`${TEXT.published[lang]}${colon}${dateOf(appraisal.publishedAt, lang)}`, { align: 'right' });
  doc.text(`${TEXT.issued[lang]}${colon}${dateOf(now, lang)}`, { align: 'right' });
  doc.end();
  return done;
}
