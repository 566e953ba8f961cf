import { Templates } from '@rjsf/antd';
import { type FieldTemplateProps, getSchemaType, getTemplate, getUiOptions } from '@rjsf/utils';
import { theme } from 'antd';
import type { ComponentType, CSSProperties } from 'react';

const AntdFieldTemplate = Templates.FieldTemplate as ComponentType<FieldTemplateProps>;

/**
 * rjsf-antd's field template, except that a group (an object, or an array of items) is not wrapped in an antd
 * `Form.Item`: its fields are.
 *
 * A `Form.Item` hands the items inside it a new context value (antd's callback for `noStyle` items) each time
 * it renders, and a group re-renders whenever anything in it changes. rjsf re-renders only the fields along the
 * changed path, but through that context every `Form.Item` in the form re-rendered, with its styles: one
 * keystroke in a 300-field form cost ~250 ms. A group gets the spacing of a `Form.Item` and shows its own
 * errors (e.g. too few items, or the server's on the group), help and description below its fields, as before.
 */
export function RapportFieldTemplate(props: FieldTemplateProps) {
  const type = getSchemaType(props.schema);
  if (props.hidden || props.displayLabel || (type !== 'object' && type !== 'array')) {
    return <AntdFieldTemplate {...props} />;
  }
  return <FieldGroup {...props} />;
}

function FieldGroup(props: FieldTemplateProps) {
  const {
    children,
    classNames,
    errors,
    help,
    rawErrors,
    rawHelp,
    rawDescription,
    description,
    registry,
    uiSchema,
  } = props;
  const { token } = theme.useToken();
  const { wrapperStyle } = (registry.formContext ?? {}) as { wrapperStyle?: CSSProperties };
  const WrapIfAdditionalTemplate = getTemplate('WrapIfAdditionalTemplate', registry, getUiOptions(uiSchema));
  const secondary = { color: token.colorTextDescription, fontSize: token.fontSize };
  return (
    <WrapIfAdditionalTemplate {...props}>
      <div className={classNames} style={{ marginBottom: token.marginLG, ...wrapperStyle }}>
        {children}
        {rawErrors?.length ? (
          <div role="alert" style={{ color: token.colorError, fontSize: token.fontSize }}>
            {errors}
          </div>
        ) : null}
        {rawHelp ? <div style={secondary}>{help}</div> : null}
        {rawDescription ? <div style={secondary}>{description}</div> : null}
      </div>
    </WrapIfAdditionalTemplate>
  );
}
