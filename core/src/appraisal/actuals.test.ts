import { describe, expect, it } from 'vitest';
import { actualsOf } from './actuals.js';
import { DEFAULT_INDICATORS } from './indicators/defaults.js';

describe('quantitative actuals', () => {
  it('computes the default quantitative items from business data', async () => {
    const data = {
      customers: [
        { isNew: true, volume: { previous: 0, current: 50 }, products: { previous: 0, current: 2 } },
        { isNew: true, volume: { previous: 0, current: 10 }, products: { previous: 0, current: 1 } },
        { isNew: false, volume: { previous: 100, current: 120 }, products: { previous: 2, current: 3 } },
        { isNew: false, volume: { previous: 200, current: 200 }, products: { previous: 1, current: 1 } },
      ],
    };
    const { actuals, failures } = await actualsOf(DEFAULT_INDICATORS, data);
    // Two new customers; existing ones grew 20 % and 0 % (10 % on average) and added 0.5 products each.
    expect(actuals).toEqual({
      'new-customers': 2,
      'customer-volume-growth': 10,
      'customer-scope-growth': 0.5,
      // Not inspected in the period: no data, so not counted.
      'inspection-findings': null,
    });
    expect(failures).toEqual({});
  });

  it('calls an indicator without data missing, not zero', async () => {
    const { actuals } = await actualsOf(DEFAULT_INDICATORS, { customers: [{ isNew: true }] });
    expect(actuals['customer-volume-growth']).toBeNull();
    expect(actuals['new-customers']).toBe(1);
  });
});
