/** The simulator's single page: plain HTML and a little script, no build step. */
export const simulatorPage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>chibo — trình mô phỏng</title>
<style>
 body{font-family:system-ui,sans-serif;margin:0;background:#e9eef5;color:#1d2733}
 header{background:#0068ff;color:#fff;padding:10px 16px;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
 header h1{font-size:18px;margin:0}
 select{font-size:15px;padding:4px}
 .demo{background:#ffd54f;color:#333;padding:2px 8px;border-radius:8px;font-size:12px}
 #log{max-width:720px;margin:0 auto;padding:12px;height:calc(100vh - 140px);overflow-y:auto}
 .msg{max-width:80%;padding:8px 12px;border-radius:12px;margin:6px 0;white-space:pre-wrap;line-height:1.4}
 .me{background:#d6e7ff;margin-left:auto}
 .bot{background:#fff}
 .msg img{max-width:100%}
 form{max-width:720px;margin:0 auto;display:flex;gap:8px;padding:8px 12px}
 input{flex:1;font-size:16px;padding:10px;border-radius:20px;border:1px solid #bbb}
 button{font-size:16px;padding:10px 18px;border-radius:20px;border:0;background:#0068ff;color:#fff}
 .roles{font-size:13px;opacity:.9}
</style></head>
<body>
<header><h1>chibo</h1><span class="demo">Trình mô phỏng — dữ liệu mẫu</span>
<label>Nói chuyện với tư cách: <select id="who"></select></label><span class="roles" id="roles"></span></header>
<div id="log" aria-live="polite"></div>
<form id="f"><input id="t" autocomplete="off" placeholder="Gõ tin nhắn, ví dụ: trogiup"><button>Gửi</button></form>
<script>
const who = document.getElementById('who'), log = document.getElementById('log'), rolesEl = document.getElementById('roles');
let people = [], after = {}, current = null;
function add(cls, text, photo, doc) {
  const d = document.createElement('div'); d.className = 'msg ' + cls; d.textContent = text;
  if (photo) { const i = document.createElement('img'); i.src = 'data:image/png;base64,' + photo; d.appendChild(i); }
  if (doc) { const a = document.createElement('a'); a.href = 'data:application/octet-stream;base64,' + doc.base64; a.download = doc.filename; a.textContent = ' ' + doc.filename; d.appendChild(a); }
  log.appendChild(d); log.scrollTop = log.scrollHeight;
}
async function loadPeople() {
  people = await (await fetch('/sim/people')).json();
  const guest = { chatId: 'guest-' + Math.random().toString(36).slice(2, 8), name: 'Người mới (chưa liên kết)', roles: [] };
  people.push(guest);
  who.innerHTML = '';
  people.forEach((p, i) => { const o = document.createElement('option'); o.value = i; o.textContent = p.name; who.appendChild(o); });
  pick(0);
}
function pick(i) { current = people[i]; log.innerHTML = ''; after[current.chatId] = after[current.chatId] || 0; rolesEl.textContent = current.roles.join('; '); replay(); }
async function replay() { const saved = after[current.chatId]; after[current.chatId] = 0; await poll(); if (!after[current.chatId]) after[current.chatId] = saved; }
async function poll() {
  if (!current) return;
  const list = await (await fetch('/sim/messages?chat=' + encodeURIComponent(current.chatId) + '&after=' + (after[current.chatId] || 0))).json();
  for (const m of list) { add('bot', m.text, m.photo, m.document); after[current.chatId] = m.seq; }
}
who.onchange = () => pick(Number(who.value));
document.getElementById('f').onsubmit = async (e) => {
  e.preventDefault(); const t = document.getElementById('t'); const text = t.value.trim(); if (!text) return; t.value = '';
  add('me', text);
  await fetch('/sim/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: current.chatId, name: current.name, text }) });
  setTimeout(poll, 150);
};
setInterval(poll, 1000);
loadPeople();
</script></body></html>`;
