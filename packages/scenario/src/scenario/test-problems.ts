import { expect } from 'vitest';
import { InputError } from '../validated-yaml.ts';
import { parseScenario } from './scenario-loader.ts';

/** For the scenario tests (one home): the located problems a scenario text is refused with; fails the test if it is accepted. */
export function problems(source: string): readonly string[] {
  try {
    parseScenario(source, 'bad.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error('the scenario was accepted');
}
