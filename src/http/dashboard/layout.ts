/** The page frame: header with the person and the logout button, the content, our own CSS and script. */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { DASHBOARD_PATH } from '../../domain/web-login/base';
import { dashboard as t } from '../../messages/vi/dashboard';
import type { Viewer } from './session';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A path inside the dashboard, with the period kept when there is one. */
export function href(path: string, periodKey?: string): string {
  return `${DASHBOARD_PATH}${path}${periodKey ? `?ky=${encodeURIComponent(periodKey)}` : ''}`;
}

export interface Frame {
  title: string;
  viewer?: Viewer;
  body: Html;
  /** Load the sorting script (pages with a sortable table). */
  sortable?: boolean;
}

export function frame(f: Frame): Html {
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${f.title} — chibo</title>
<link rel="stylesheet" href="${DASHBOARD_PATH}/tai/style.css">
${f.sortable ? html`<script src="${DASHBOARD_PATH}/tai/sort.js" defer></script>` : ''}
</head><body>
<header class="top"><a href="${DASHBOARD_PATH}">${t.appName}</a>
${
  f.viewer
    ? html`<span class="who">${t.signedInAs(f.viewer.person.name)}</span>
<form method="post" action="${DASHBOARD_PATH}/thoat"><input type="hidden" name="csrf" value="${f.viewer.csrfToken}"><button type="submit">${t.logout}</button></form>`
    : ''
}
</header>
<main>${f.body}</main>
</body></html>`;
}

/** A page of one heading and one paragraph (login, refusals, not found). */
export function messagePage(title: string, text: string, viewer?: Viewer, extra?: Html): Html {
  return frame({ title, viewer, body: html`<h1>${title}</h1><p>${text}</p>${extra ?? ''}` });
}
