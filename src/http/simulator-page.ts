/**
 * The simulator's single page: plain HTML and a little script, no build step. Made for a phone
 * first (it is what a newcomer sees): the page is a column whose middle scrolls, so the input box
 * stays on screen at 360 px; each person's conversation is kept (in the tab) when switching; one
 * poll at a time and messages taken by their number, so a reply is never shown twice.
 */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#0068ff"/>' +
  '<path d="M16 18h32a6 6 0 0 1 6 6v14a6 6 0 0 1-6 6H30l-10 8v-8h-4a6 6 0 0 1-6-6V24a6 6 0 0 1 6-6z" fill="#fff"/>' +
  '<circle cx="24" cy="31" r="3" fill="#0068ff"/><circle cx="32" cy="31" r="3" fill="#0068ff"/><circle cx="40" cy="31" r="3" fill="#0068ff"/></svg>';

/** The page; `__EPOCH__` is replaced by an id of the running server. */
export const simulatorPage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<link rel="icon" type="image/svg+xml" href="/favicon.svg">
<title>chibo — trình mô phỏng</title>
<style>
 *{box-sizing:border-box}
 html,body{height:100%}
 body{font-family:system-ui,sans-serif;margin:0;background:#e9eef5;color:#1d2733;display:flex;flex-direction:column;height:100vh;height:100dvh}
 header{flex:none;background:#0068ff;color:#fff;padding:8px 12px;display:flex;gap:6px 10px;align-items:center;flex-wrap:wrap}
 header h1{font-size:18px;margin:0}
 .demo{background:#ffd54f;color:#333;padding:2px 8px;border-radius:8px;font-size:12px;white-space:nowrap}
 header label{display:flex;gap:6px;align-items:center;flex:1 1 240px;min-width:0;font-size:14px}
 select{font-size:16px;padding:4px;min-width:0;flex:1;max-width:100%}
 .roles{font-size:13px;opacity:.9;flex:1 1 100%;overflow-wrap:anywhere}
 #log{flex:1 1 auto;min-height:0;overflow-y:auto;width:100%;max-width:720px;margin:0 auto;padding:12px}
 .msg{max-width:85%;padding:8px 12px;border-radius:12px;margin:6px 0;white-space:pre-wrap;line-height:1.4;overflow-wrap:anywhere}
 .me{background:#d6e7ff;margin-left:auto}
 .bot{background:#fff}
 .msg img{max-width:100%}
 form{flex:none;width:100%;max-width:720px;margin:0 auto;display:flex;gap:8px;padding:8px 12px calc(8px + env(safe-area-inset-bottom))}
 input{flex:1;min-width:0;font-size:16px;padding:10px;border-radius:20px;border:1px solid #bbb}
 button{font-size:16px;padding:10px 18px;border-radius:20px;border:0;background:#0068ff;color:#fff}
</style></head>
<body>
<header><h1>chibo</h1><span class="demo">Trình mô phỏng — dữ liệu mẫu</span>
<label>Tư cách: <select id="who"></select></label><span class="roles" id="roles"></span></header>
<div id="log" aria-live="polite"></div>
<form id="f"><input id="t" autocomplete="off" enterkeyhint="send" placeholder="Gõ tin nhắn, ví dụ: trogiup"><button>Gửi</button></form>
<script>
const who = document.getElementById('who'), log = document.getElementById('log'), rolesEl = document.getElementById('roles');
// One conversation per person: what was said both ways, and the number of the last bot message seen.
// Kept for this tab only, and forgotten when the server restarted (its message numbers start again).
let store = JSON.parse(sessionStorage.getItem('chibo-sim') || '{}');
if (store.epoch !== '__EPOCH__') store = { epoch: '__EPOCH__' };
const save = () => sessionStorage.setItem('chibo-sim', JSON.stringify(store));
let people = [], current = null, polling = null;
const talk = (chatId) => (store[chatId] = store[chatId] || { after: 0, items: [] });
function bubble(m) {
  const d = document.createElement('div'); d.className = 'msg ' + m.cls; d.textContent = m.text;
  if (m.seq) d.dataset.seq = m.seq;
  if (m.photo) { const i = document.createElement('img'); i.src = 'data:image/png;base64,' + m.photo; d.appendChild(i); }
  if (m.doc) { const a = document.createElement('a'); a.href = 'data:application/octet-stream;base64,' + m.doc.base64; a.download = m.doc.filename; a.textContent = ' ' + m.doc.filename; d.appendChild(a); }
  log.appendChild(d); log.scrollTop = log.scrollHeight;
}
function remember(chatId, m) { talk(chatId).items.push(m); save(); if (current && current.chatId === chatId) bubble(m); }
function render() { log.innerHTML = ''; for (const m of talk(current.chatId).items) bubble(m); }
async function loadPeople() {
  people = await (await fetch('/sim/people')).json();
  store.guest = store.guest || 'guest-' + Math.random().toString(36).slice(2, 8); save();
  people.push({ chatId: store.guest, name: 'Người mới (chưa liên kết)', roles: [] });
  who.innerHTML = '';
  people.forEach((p, i) => { const o = document.createElement('option'); o.value = i; o.textContent = p.name; who.appendChild(o); });
  pick(0);
}
function pick(i) { current = people[i]; rolesEl.textContent = current.roles.join('; '); render(); poll(); }
// A single poll at a time; a message is taken only if its number is past the last one seen.
function poll() {
  if (!current) return Promise.resolve();
  if (polling) return polling;
  const chatId = current.chatId;
  polling = (async () => {
    const t = talk(chatId);
    const list = await (await fetch('/sim/messages?chat=' + encodeURIComponent(chatId) + '&after=' + t.after)).json();
    for (const m of list) {
      if (m.seq <= t.after) continue;
      t.after = m.seq;
      remember(chatId, { cls: 'bot', seq: m.seq, text: m.text, photo: m.photo, doc: m.document });
    }
  })().catch(() => {}).finally(() => { polling = null; });
  return polling;
}
who.onchange = () => pick(Number(who.value));
document.getElementById('f').onsubmit = async (e) => {
  e.preventDefault(); const t = document.getElementById('t'); const text = t.value.trim(); if (!text) return; t.value = '';
  const chatId = current.chatId;
  remember(chatId, { cls: 'me', text });
  await fetch('/sim/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId, name: current.name, text }) });
  setTimeout(poll, 150);
};
setInterval(poll, 1000);
loadPeople();
</script></body></html>`;
