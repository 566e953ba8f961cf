/** A small appraisal form used across tests: weights, an indicator link, a section, a computed field, a pattern. */
export const appraisalSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['newCustomers'],
  properties: {
    newCustomers: {
      type: 'integer',
      title: '新增客户数',
      minimum: 0,
      maximum: 50,
      'x-rapport-weight': 3,
      'x-rapport-indicator': 'new-customers',
    },
    satisfied: { type: 'boolean', title: '客户满意', 'x-rapport-weight': 1 },
    deposits: {
      type: 'object',
      title: '存款',
      properties: {
        start: { type: 'number', title: '期初余额' },
        end: { type: 'number', title: '期末余额' },
      },
    },
    growth: {
      type: 'number',
      title: '存款增长',
      readOnly: true,
      'x-rapport-computed': 'deposits.end - deposits.start',
    },
    code: { type: 'string', pattern: '^[A-Z]{2}[0-9]{4}$' },
  },
};

export function newForm(key: string, schema: object = appraisalSchema) {
  return {
    key,
    title: { zh: '季度考核表', en: 'Quarterly appraisal' },
    description: { zh: '', en: '' },
    schema,
    uiSchema: { growth: { 'ui:readonly': true } },
    fillRoles: ['manager'],
    readScope: 'team',
  };
}
