/**
 * The dashboard's only static files: one stylesheet and the sorting script, served by the app itself
 * (the Content-Security-Policy allows nothing from elsewhere, and nothing inline). Phone first: the
 * tables scroll sideways inside their box with the unit column held in place, so a 360 px screen
 * reads them without the page itself scrolling sideways.
 */

export const STYLE_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;font-size:16px;line-height:1.45;color:#1d2733;background:#f3f5f8}
a{color:#0b57d0}
header.top{background:#0b3d91;color:#fff;padding:8px 12px;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center}
header.top a{color:#fff;font-weight:600;text-decoration:none}
header.top .who{margin-left:auto;font-size:14px;opacity:.9}
header.top form{margin:0}
header.top button{background:transparent;color:#fff;border:1px solid #fff8;border-radius:6px;padding:3px 10px;font:inherit;font-size:14px;cursor:pointer}
main{max-width:1200px;margin:0 auto;padding:12px}
h1{font-size:1.3rem;margin:.2em 0 .4em}
h2{font-size:1.1rem;margin:1.2em 0 .4em}
.crumbs{font-size:14px;margin:0 0 6px;display:flex;flex-wrap:wrap;gap:2px 8px}
.crumbs a{white-space:nowrap}
form.period{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:6px 0 10px}
form.period select{font:inherit;padding:4px 6px;max-width:100%}
button,.button{font:inherit;background:#0b57d0;color:#fff;border:0;border-radius:6px;padding:6px 12px;cursor:pointer;text-decoration:none;display:inline-block}
.note{background:#fff7e0;border-left:4px solid #f0b400;padding:6px 10px;margin:8px 0}
.flash{background:#e6f4ea;border-left:4px solid #1e8e3e;padding:6px 10px;margin:8px 0}
.box{background:#fff;border-radius:8px;padding:10px 12px;margin:10px 0;box-shadow:0 1px 2px #0001}
ul.figures{margin:0;padding-left:1.1em}
ul.figures li{margin:2px 0}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;background:#fff;border-radius:8px;box-shadow:0 1px 2px #0001}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:6px 8px;border-bottom:1px solid #e3e7ee;text-align:right;white-space:nowrap}
th{background:#eef2f8;font-weight:600;vertical-align:bottom;white-space:normal;min-width:6.5em}
th:first-child,td:first-child{text-align:left;position:sticky;left:0;background:#fff;white-space:normal;min-width:9em;max-width:14em;box-shadow:1px 0 0 #e3e7ee}
th:first-child{background:#eef2f8}
tfoot td{font-weight:700;background:#f7f9fc}
tfoot td:first-child{background:#f7f9fc}
th button.sort{all:unset;cursor:pointer;display:block;width:100%}
th button.sort::after{content:" ⇅";opacity:.4}
th[aria-sort=ascending] button.sort::after{content:" ▲";opacity:1}
th[aria-sort=descending] button.sort::after{content:" ▼";opacity:1}
td.bad{color:#b3261e;font-weight:600}
td.ok{color:#8a5a00}
td.good{color:#137333}
.code{color:#5f6b7a;font-size:12px}
.chart{overflow-x:auto}
.chart svg{width:100%;min-width:600px;height:auto;display:block}
.chart svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
.box>h2:first-child{margin-top:0}
table.list td,table.list th{text-align:left;white-space:normal}
table.list td:first-child,table.list th:first-child{position:static;box-shadow:none}
.muted{color:#5f6b7a}
.records{list-style:none;margin:0;padding:0}
.records>li{background:#fff;border-radius:8px;padding:8px 12px;margin:8px 0;box-shadow:0 1px 2px #0001}
.records .head{font-weight:600}
.records ul{margin:4px 0 0;padding-left:1.1em;font-size:14px}
.inline{display:inline;margin:0}
.hint{font-size:13px;color:#5f6b7a;margin:4px 0}
@media (max-width:480px){main{padding:8px}h1{font-size:1.15rem}th,td{padding:5px 6px}}
@media (max-width:640px){
table.list,table.list tbody,table.list tr,table.list td{display:block;width:100%}
table.list thead{display:none}
table.list tr{border-bottom:1px solid #e3e7ee;padding:6px 0}
table.list td{border:0;padding:2px 10px}
table.list td[data-label]:not(:empty)::before{content:attr(data-label) ": ";color:#5f6b7a;font-size:13px}
table.list td:last-child:not(:empty){padding-top:6px}
}
`;

/** Sorting by a column header: numbers by their `data-v`, text by Vietnamese collation; the totals stay last. */
export const SORT_JS = `(() => {
  for (const table of document.querySelectorAll('table.sortable')) {
    const heads = [...table.tHead.rows[0].cells];
    const hint = document.querySelector('.sort-hint');
    if (hint) hint.hidden = false;
    heads.forEach((th, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.textContent = th.textContent;
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', () => {
        const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        for (const h of heads) h.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        const body = table.tBodies[0];
        const key = (row) => row.cells[i].dataset.v ?? row.cells[i].textContent.trim();
        const rows = [...body.rows].sort((a, b) => {
          const x = key(a), y = key(b);
          const nx = Number(x), ny = Number(y);
          const c = x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y, 'vi');
          return c * dir;
        });
        for (const r of rows) body.appendChild(r);
      });
    });
  }
})();
`;
