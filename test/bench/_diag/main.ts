import Form, { Templates, Widgets } from '@rjsf/antd';
import type { IChangeEvent } from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { generatedLargeForm } from '../../kit/large-form.js';

const schema = generatedLargeForm().schema as RJSFSchema;
const counts: Record<string, number> = {};
(window as any).__counts = counts;
const FT = Templates.FieldTemplate as any;
const TW = Widgets.TextWidget as any;
function FieldTemplate(props: any) {
  counts.field = (counts.field ?? 0) + 1;
  return createElement(FT, props);
}
function TextWidget(props: any) {
  counts.text = (counts.text ?? 0) + 1;
  return createElement(TW, props);
}
const templates = { FieldTemplate };
const widgets = { TextWidget };
function App() {
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  return createElement(Form, {
    schema,
    validator,
    formData,
    templates,
    widgets,
    onChange: (e: IChangeEvent) => setFormData(e.formData ?? {}),
  } as any);
}
createRoot(document.getElementById('root')!).render(createElement(App));
