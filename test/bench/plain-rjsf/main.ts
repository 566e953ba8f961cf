// The keystroke benchmark's baseline: plain rjsf with the antd theme and the default ajv8 validator,
// controlled formData and nothing else, on the same generated form as the portal page.
import Form from '@rjsf/antd';
import type { IChangeEvent } from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { generatedLargeForm } from '../../kit/large-form.js';

const schema = generatedLargeForm().schema as RJSFSchema;

function App() {
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  return createElement(
    'div',
    { 'data-testid': 'rjsf-form', style: { maxWidth: 960, margin: '0 auto', padding: 24 } },
    createElement(Form, {
      schema,
      validator,
      formData,
      onChange: (event: IChangeEvent) => setFormData(event.formData ?? {}),
    }),
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(createElement(App));
