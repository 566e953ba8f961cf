import { Tag } from 'antd';
import { useT } from '../i18n/shared-messages';
import { appraisalStepLabel } from './appraisal-labels';

function stepColour(state: string | null): string | undefined {
  if (state === null) return undefined;
  if (state === 'closed' || state === 'published') return 'success';
  return state === 'appeal' ? 'warning' : 'processing';
}

/** Where an appraisal's workflow stands, by its state key (null: not started). */
export function AppraisalStepTag({ state, testId }: { state: string | null; testId?: string }) {
  const t = useT();
  return (
    <Tag color={stepColour(state)} data-testid={testId}>
      {appraisalStepLabel(t, state)}
    </Tag>
  );
}
