import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate } from '../../../src/domain/summaries/paginate';
import { summaries as t } from '../../../src/messages/vi/summaries';

describe('paginate', () => {
  it('never makes a page longer than the platform limit, and loses no line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 0, maxLength: 300 }), { maxLength: 120 }),
        fc.constantFrom(2000, 4096),
        fc.string({ maxLength: 120 }),
        (body, limit, title) => {
          const pages = paginate(
            { header: [title], body, continued: `${title} (tiếp)`, footer: t.pageFooter },
            limit,
          );
          for (const p of pages) expect(p.text.length).toBeLessThanOrEqual(limit);
          const all = pages.map((p) => p.text).join('\n');
          for (const line of body)
            if (line.trim().length > 0 && line.length < 100) expect(all).toContain(line);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a short answer on one page without a footer', () => {
    const pages = paginate({ header: ['A'], body: ['b', 'c'], continued: 'A', footer: t.pageFooter }, 2000);
    expect(pages).toEqual([{ text: 'A\nb\nc', page: 1, pages: 1 }]);
  });
});
