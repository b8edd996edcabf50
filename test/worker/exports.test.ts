/**
 * workerd treats every export of the Worker's main module as an entrypoint and will not start when
 * one is anything but a function, a class or a handler object (`wrangler dev` failed on an exported
 * constant while the pool's own wrapper did not mind).
 */
import { describe, expect, it } from 'vitest';
import * as main from '../../src/entry/worker';

describe('the Worker module', () => {
  it('exports only what workerd can start: functions, classes and the default handler', () => {
    for (const [name, value] of Object.entries(main)) {
      const ok =
        typeof value === 'function' ||
        (name === 'default' && typeof value === 'object' && value !== null && 'fetch' in value);
      expect(ok, `export ${name}`).toBe(true);
    }
  });
});
