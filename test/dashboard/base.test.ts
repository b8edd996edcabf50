import { describe, expect, it } from 'vitest';
import { dashboardUrl } from '../../src/domain/web-login/base';

describe('where the dashboard lives', () => {
  it.each([
    [undefined, null],
    ['https://bot.example.gov.vn', 'https://bot.example.gov.vn/web'],
    ['https://bot.example.gov.vn/', 'https://bot.example.gov.vn/web'],
    ['https://bot.example.gov.vn/chibo', 'https://bot.example.gov.vn/web'],
    ['http://bot.example.gov.vn', null],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787/web'],
    ['http://localhost:8787', 'http://localhost:8787/web'],
  ])('PUBLIC_URL %s: %s', (publicUrl, expected) => {
    expect(dashboardUrl({ PUBLIC_URL: publicUrl })).toBe(expected);
  });
});
