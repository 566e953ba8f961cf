import { useCommentOnInstance } from '@rapport/ui-shared';
import { Alert, Button, Flex, Input } from 'antd';
import { useState } from 'react';
import { usePortalT } from '../../portal-messages';

/** Adds a comment to the history; the state does not change. */
export function CommentBox({ institutionId, instanceId }: { institutionId: string; instanceId: string }) {
  const t = usePortalT();
  const comment = useCommentOnInstance(institutionId);
  const [text, setText] = useState('');
  const send = () => comment.mutate({ instanceId, comment: text.trim() }, { onSuccess: () => setText('') });
  return (
    <Flex vertical gap={8}>
      {comment.error ? <Alert type="error" showIcon title={comment.error.message} /> : null}
      <Input.TextArea
        value={text}
        onChange={(event) => setText(event.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder={t('instance.commentPlaceholder')}
        data-testid="comment-text"
      />
      <Button
        style={{ alignSelf: 'flex-end' }}
        disabled={text.trim() === ''}
        loading={comment.isPending}
        onClick={send}
        data-testid="comment-send"
      >
        {t('instance.addComment')}
      </Button>
    </Flex>
  );
}
