import { describe, expect, it } from 'vitest';
import { dollarConversion, type PriceIndex, toDollarYear } from './constant-dollars.ts';

// A few years of the US GDP chain-type price index (2017 = 100), calendar-year means of CBO's quarterly
// values (CBO, Jan 2025, https://www.cbo.gov/publication/60870): the catalog table's values, typed here by hand.
const gdp: PriceIndex = {
  name: 'US GDP chain-type price index (2017 = 100)',
  levels: new Map([
    [2005, 81.537],
    [2009, 88.556],
    [2017, 100],
    [2021, 110.172],
    [2022, 118.041],
    [2024, 125.223],
    [2026, 130.632],
  ]),
};

describe('constant dollars: value_B = value_Y x index(B) / index(Y)', () => {
  it('matches a hand computation: $70M of 2009 is $98.98M of 2024 (70 x 125.223 / 88.556)', () => {
    // 125.223 / 88.556 = 1.414054... ; x 70 = 98.9838...
    expect(toDollarYear(70e6, 2009, 2024, gdp) / 1e6).toBeCloseTo(98.984, 3);
    expect(dollarConversion(gdp, 2021, 2024).factor).toBeCloseTo(1.136614, 6); // 125.223 / 110.172
    expect(dollarConversion(gdp, 2026, 2024).factor).toBeCloseTo(0.958594, 6); // 125.223 / 130.632: a later year converts down
  });

  it('is the identity in its own year and round-trips through any other', () => {
    expect(toDollarYear(12_345, 2022, 2022, gdp)).toBe(12_345);
    for (const [a, b] of [
      [2005, 2026],
      [2009, 2024],
      [2022, 2017],
      [2026, 2021],
    ]) {
      expect(toDollarYear(toDollarYear(1e9, a, b, gdp), b, a, gdp)).toBeCloseTo(1e9, 3);
    }
    // chaining through a third year is the direct conversion
    expect(toDollarYear(toDollarYear(1e6, 2009, 2017, gdp), 2017, 2024, gdp)).toBeCloseTo(toDollarYear(1e6, 2009, 2024, gdp), 6);
  });

  it('refuses a year the table does not have, naming the year and the table span', () => {
    expect(() => toDollarYear(1, 1999, 2024, gdp)).toThrow(/no value for 1999 \(the source dollar year\); the table covers 2005-2026/);
    expect(() => toDollarYear(1, 2024, 2030, gdp)).toThrow(/no value for 2030 \(the target dollar year\)/);
  });
});
