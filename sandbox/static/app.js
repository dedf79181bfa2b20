// planbot sandbox: the page's behaviour. Everything it shows of Slack is
// HTML rendered and escaped by the Go server (sandbox/render.go); this
// file only puts those fragments in place, sends what the user does, and
// writes its own strings with textContent.
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

const state = {
  boot: null,
  user: '',
  channel: '',
  pane: 'channel', // channel | home | dm
  thread: '',      // ts of the open thread
  modalId: '',
  modalHash: '',
  saved: {},       // view id -> values typed, kept while a pushed view covers it
  unread: new Set(),
  messagesHTML: '', // the fragment #messages shows
};

// ---- server calls ----

async function post(path, body) {
  let res, data = {};
  try {
    res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    data = await res.json();
  } catch (err) {
    toast('The sandbox did not answer: ' + err.message, true);
    return null;
  }
  if (!res.ok || data.ok === false) {
    toast(data.error || ('HTTP ' + res.status), true);
    return null;
  }
  return data;
}

async function fragment(path) {
  const res = await fetch(path, { cache: 'no-store' });
  if (!res.ok) throw new Error(path + ': HTTP ' + res.status);
  return res.text();
}

const q = (params) => new URLSearchParams(params).toString();

// run calls fn now, or once more after the run in progress, so a burst of
// events costs at most two fetches and never shows a stale answer last.
const runs = {};
function run(name, fn) {
  const r = runs[name] || (runs[name] = { busy: false, again: false });
  if (r.busy) { r.again = true; return; }
  r.busy = true;
  (async () => {
    do {
      r.again = false;
      try { await fn(); } catch (err) { console.warn(name, err); }
    } while (r.again);
    r.busy = false;
  })();
}

// ---- rendering the panes ----

function dmChannel() { return 'D' + state.user.slice(1); }
function currentChannel() { return state.pane === 'dm' ? dmChannel() : state.channel; }

async function refreshMessages() {
  if (state.pane === 'home') return;
  const box = $('#messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const asked = currentChannel() + ' ' + state.user;
  const html = await fragment('/ui/channel?' + q({ channel: currentChannel(), user: state.user }));
  if (asked !== currentChannel() + ' ' + state.user || state.pane === 'home') return; // the page moved on meanwhile
  if (html === state.messagesHTML) return; // nothing changed: keep hover menus and selections as they are
  state.messagesHTML = html;
  const open = $('.msg.menu-open', box);
  const openTS = open && open.dataset.ts, menuShown = open && !$('.msg-menu', open).hidden;
  box.innerHTML = html;
  hydrate(box);
  if (openTS) { // a redraw must not close the menu under the mouse
    const again = $$('.msg', box).find((m) => m.dataset.ts === openTS);
    if (again) { again.classList.add('menu-open'); $('.msg-menu', again).hidden = !menuShown; }
  }
  if (atBottom || box.dataset.stick === '1') { box.scrollTop = box.scrollHeight; box.dataset.stick = ''; }
}

async function refreshThread() {
  const pane = $('#thread');
  if (!state.thread) { pane.hidden = true; return; }
  pane.hidden = false;
  const box = $('#thread-messages');
  const asked = currentChannel() + ' ' + state.thread + ' ' + state.user;
  const html = await fragment('/ui/thread?' + q({ channel: currentChannel(), ts: state.thread, user: state.user }));
  if (asked !== currentChannel() + ' ' + state.thread + ' ' + state.user) return;
  box.innerHTML = html;
  box.scrollTop = box.scrollHeight;
}

async function refreshHome() {
  if (state.pane !== 'home') return;
  const asked = state.user;
  const html = await fragment('/ui/home?' + q({ user: state.user }));
  if (asked !== state.user || state.pane !== 'home') return;
  $('#home').innerHTML = html;
  hydrate($('#home'));
}

// The clock ticks: the server says how long until its label changes
// (next_ms), and the page asks again then, so the minute turns on time
// whether or not anything else happens.
let clockTimer = 0;
async function refreshClock() {
  clearTimeout(clockTimer);
  clockTimer = setTimeout(() => run('clock', refreshClock), 60000); // retried if this fetch fails
  const res = await fetch('/api/clock?' + q({ user: state.user }), { cache: 'no-store' });
  const c = await res.json();
  $('#clock').textContent = c.label;
  $('#clock').dataset.now = c.now;
  $('#clock-offset').textContent = c.advance ? '(' + c.offset + ' ahead)' : '';
  const monthBtn = $('[data-advance-months]');
  if (monthBtn && c.zone && !monthBtn.title) monthBtn.title = 'The same day and time next month, in ' + c.zone + ' (the last day of a shorter month).';
  clearTimeout(clockTimer);
  clockTimer = setTimeout(() => run('clock', refreshClock), Math.min(Math.max(Number(c.next_ms) + 50, 250), 60000));
}

async function refreshModal() {
  const layer = $('#modal-layer');
  const asked = state.user;
  const html = await fragment('/ui/modal?' + q({ user: state.user }));
  if (asked !== state.user) return;
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  const next = tpl.content.querySelector('.modal');
  const cur = $('.modal', layer);
  if (!next) {
    layer.hidden = true;
    layer.replaceChildren();
    state.modalId = state.modalHash = '';
    state.saved = {};
    return;
  }
  const id = next.dataset.viewId, hash = next.dataset.hash;
  if (cur && id === state.modalId && hash === state.modalHash) return; // same view: keep what is typed
  let keep = null;
  if (cur) {
    const typed = collect($('form', cur));
    if (id === state.modalId) keep = typed; // views.update keeps the inputs that are still there
    else state.saved[state.modalId] = typed;
  }
  if (!keep && state.saved[id]) { keep = state.saved[id]; delete state.saved[id]; }
  layer.replaceChildren(next);
  hydrate(next);
  layer.hidden = false;
  state.modalId = id;
  state.modalHash = hash;
  if (keep) restore($('form', next), keep);
  const first = $('input, textarea, select', next);
  if (first && !cur) first.focus();
}

// hydrate fills what the server cannot render in the browser's zone: a
// datetimepicker's initial value, a unix time, as a local date and time.
function hydrate(root) {
  const pad = (n) => String(n).padStart(2, '0');
  for (const input of $$('input[data-initial-unix]', root)) {
    if (input.value) continue;
    const d = new Date(Number(input.dataset.initialUnix) * 1000);
    input.value = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
}

function refreshAll() {
  run('clock', refreshClock);
  run('messages', refreshMessages);
  run('thread', refreshThread);
  run('home', refreshHome);
  run('modal', refreshModal);
}

// ---- chrome: users, channels, panes ----

function renderUsers() {
  const box = $('#user-switcher');
  box.replaceChildren();
  for (const u of state.boot.users) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'user-btn' + (u.ID === state.user ? ' active' : '');
    b.dataset.user = u.ID;
    b.setAttribute('aria-pressed', String(u.ID === state.user));
    const name = document.createElement('span');
    name.textContent = u.RealName;
    const loc = document.createElement('small');
    loc.textContent = u.Locale;
    b.append(name, loc);
    box.append(b);
  }
}

function renderChannels() {
  const list = $('#channel-list');
  list.replaceChildren();
  for (const c of state.boot.channels) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '#';
    a.className = 'side-item';
    if (state.pane === 'channel' && c.ID === state.channel) a.classList.add('active');
    if (state.unread.has(c.ID)) a.classList.add('unread');
    a.dataset.channel = c.ID;
    a.textContent = '# ' + c.Name;
    li.append(a);
    list.append(li);
  }
  $('#app-link').classList.toggle('active', state.pane !== 'channel');
  $('#app-link').classList.toggle('unread', state.unread.has(dmChannel()));
}

function renderHead() {
  const title = $('#main-title'), topic = $('#main-topic');
  const tabs = $('#app-tabs');
  if (state.pane === 'channel') {
    const c = state.boot.channels.find((x) => x.ID === state.channel) || {};
    title.textContent = '# ' + (c.Name || state.channel);
    topic.textContent = c.Topic || '';
    tabs.hidden = true;
  } else {
    title.textContent = 'planbot';
    topic.textContent = '';
    tabs.hidden = false;
    for (const t of $$('.tab', tabs)) t.classList.toggle('active', (t.dataset.tab === 'home') === (state.pane === 'home'));
  }
  $('#home').hidden = state.pane !== 'home';
  $('#messages').hidden = state.pane === 'home';
  $('#composer').hidden = state.pane === 'home';
  $('#composer-input').placeholder = state.pane === 'channel' ? 'Message ' + title.textContent.replace('# ', '#') : 'Message planbot';
  document.body.dataset.pane = state.pane;
  document.body.dataset.user = state.user;
  document.body.dataset.channel = currentChannel();
}

function saveLocation() {
  history.replaceState(null, '', '#' + q({ u: state.user, c: state.channel, p: state.pane }));
}

function show(pane, channel) {
  if (pane !== state.pane || (channel && channel !== state.channel)) {
    const box = $('#messages');
    box.replaceChildren(); // never show the last channel's messages under the new title
    state.messagesHTML = '';
  }
  state.pane = pane;
  if (channel) state.channel = channel;
  state.thread = '';
  state.unread.delete(currentChannel());
  renderChannels();
  renderHead();
  saveLocation();
  $('#messages').dataset.stick = '1';
  if (pane === 'home') {
    $('#home').replaceChildren();
    post('/api/home', { user: state.user });
  }
  run('messages', refreshMessages);
  run('thread', refreshThread);
  run('home', refreshHome);
}

function switchUser(id) {
  if (id === state.user) return;
  state.user = id;
  $('#messages').replaceChildren();
  state.messagesHTML = '';
  state.modalId = state.modalHash = '';
  state.saved = {};
  $('#modal-layer').replaceChildren();
  renderUsers();
  show(state.pane);
  run('clock', refreshClock);
  run('modal', refreshModal);
}

// ---- modal forms ----

function controlInput(ctl) { return $('input, textarea, select', ctl); }

// readControl returns the value Slack would put in view.state for one
// element, or undefined for an empty selection.
function readControl(ctl) {
  const type = ctl.dataset.type;
  const input = controlInput(ctl);
  switch (type) {
    case 'plain_text_input': case 'email_text_input': case 'url_text_input': case 'number_input':
    case 'datepicker': case 'timepicker':
      return input ? input.value : undefined;
    case 'datetimepicker':
      return input && input.value ? String(Math.floor(new Date(input.value).getTime() / 1000)) : undefined;
    case 'checkboxes':
      return $$('input:checked', ctl).map((i) => i.value);
    case 'radio_buttons': {
      const c = $('input:checked', ctl);
      return c ? c.value : undefined;
    }
    default:
      if (!input || input.tagName !== 'SELECT') return undefined;
      if (input.multiple) return Array.from(input.selectedOptions).map((o) => o.value);
      return input.value === '' ? undefined : input.value;
  }
}

function collect(form) {
  const values = {};
  if (!form) return values;
  for (const ctl of $$('.bk-control', form)) {
    const v = readControl(ctl);
    if (v === undefined) continue;
    (values[ctl.dataset.blockId] = values[ctl.dataset.blockId] || {})[ctl.dataset.actionId] = v;
  }
  return values;
}

function restore(form, values) {
  for (const ctl of $$('.bk-control', form)) {
    const v = (values[ctl.dataset.blockId] || {})[ctl.dataset.actionId];
    if (v === undefined) continue;
    const list = Array.isArray(v) ? v : [v];
    const type = ctl.dataset.type;
    if (type === 'checkboxes' || type === 'radio_buttons') {
      for (const i of $$('input', ctl)) i.checked = list.includes(i.value);
      continue;
    }
    const input = controlInput(ctl);
    if (!input || type === 'datetimepicker') continue;
    if (input.tagName === 'SELECT') {
      for (const o of input.options) o.selected = list.includes(o.value);
    } else {
      input.value = list[0];
    }
  }
}

function clearErrors(modal) {
  for (const e of $$('.bk-error', modal)) { e.hidden = true; e.textContent = ''; }
  for (const b of $$('.has-error', modal)) b.classList.remove('has-error');
  const g = $('.modal-general-error', modal);
  g.hidden = true;
  g.textContent = '';
}

function showError(modal, blockId, text) {
  const slot = $$('.bk-error', modal).find((e) => e.dataset.errorFor === blockId);
  if (!slot) {
    const g = $('.modal-general-error', modal);
    g.hidden = false;
    g.textContent = (g.textContent ? g.textContent + ' ' : '') + blockId + ': ' + text;
    return;
  }
  slot.textContent = text;
  slot.hidden = false;
  const block = slot.closest('.bk-block');
  if (block) block.classList.add('has-error');
}

// validate does what Slack's client does before it sends a submission:
// required inputs filled, number inputs holding numbers.
function validate(modal) {
  let ok = true;
  for (const ctl of $$('.bk-control', modal)) {
    const block = ctl.closest('.bk-input');
    const v = readControl(ctl);
    const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty && block && block.dataset.optional !== 'true') {
      showError(modal, ctl.dataset.blockId, 'Please fill out this field.');
      ok = false;
    } else if (!empty && ctl.dataset.type === 'number_input') {
      const input = controlInput(ctl);
      const re = input.dataset.decimal === 'true' ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/;
      if (!re.test(v.trim())) {
        showError(modal, ctl.dataset.blockId, input.dataset.decimal === 'true' ? 'Please enter a number.' : 'Please enter a whole number.');
        ok = false;
      }
    }
  }
  return ok;
}

function scrollToError(modal) {
  const first = $('.bk-error:not([hidden]), .modal-general-error:not([hidden])', modal);
  if (first) first.scrollIntoView({ block: 'center' });
}

async function submitModal(viewId) {
  const modal = $('#modal-layer .modal');
  if (!modal || modal.dataset.viewId !== viewId) return;
  clearErrors(modal);
  if (!validate(modal)) return scrollToError(modal);
  modal.classList.add('busy');
  const res = await post('/api/submit', { user: state.user, view_id: viewId, values: collect($('form', modal)) });
  modal.classList.remove('busy');
  if (res && res.errors) {
    for (const [block, text] of Object.entries(res.errors)) showError(modal, block, text);
    scrollToError(modal);
  }
  run('modal', refreshModal);
}

// ---- interactions ----

function container(el) {
  const c = el.closest('[data-container]');
  if (!c) return null;
  if (c.dataset.container === 'view') return { view_id: c.dataset.viewId };
  return { channel: c.dataset.channel, ts: c.dataset.ts };
}

function confirmFirst(el) {
  const host = el.closest('.bk-el');
  const box = host && $('.bk-confirm', host);
  if (!box) return Promise.resolve(true);
  const layer = $('#confirm-layer');
  $('#confirm-title').replaceChildren(...$('.bk-confirm-title', box).cloneNode(true).childNodes);
  $('#confirm-text').replaceChildren(...$('.bk-confirm-text', box).cloneNode(true).childNodes);
  $('#confirm-yes').replaceChildren(...$('.bk-confirm-yes', box).cloneNode(true).childNodes);
  $('#confirm-no').replaceChildren(...$('.bk-confirm-no', box).cloneNode(true).childNodes);
  $('#confirm-yes').classList.toggle('btn-danger', box.dataset.style === 'danger');
  layer.hidden = false;
  return new Promise((resolve) => {
    const done = (answer) => { layer.hidden = true; $('#confirm-yes').onclick = $('#confirm-no').onclick = null; resolve(answer); };
    $('#confirm-yes').onclick = () => done(true);
    $('#confirm-no').onclick = () => done(false);
  });
}

async function act(el) {
  const where = container(el);
  if (!where) return;
  const type = el.dataset.type;
  const body = Object.assign({ user: state.user, action_id: el.dataset.actionId, block_id: el.dataset.blockId, type }, where);
  if (type === 'button') {
    if (!(await confirmFirst(el))) return;
    body.value = el.dataset.value || '';
    if (el.dataset.url) window.open(el.dataset.url, '_blank', 'noopener');
  } else if (type === 'overflow') {
    body.selected_option = el.dataset.option;
    closeMenus();
  } else if (el.type === 'checkbox' || el.type === 'radio') {
    body.selected_option = el.value;
    body.value = el.value;
  } else {
    body.selected_option = el.value;
    body.value = el.value;
  }
  await post('/api/action', body);
}

function closeMenus(except) {
  for (const m of $$('.msg-menu, .bk-menu')) if (m !== except) m.hidden = true;
  for (const h of $$('.msg.menu-open')) if (!except || !h.contains(except)) h.classList.remove('menu-open');
}

function toggleMenu(menu) {
  const open = menu.hidden;
  closeMenus(menu);
  menu.hidden = !open;
  const msg = menu.closest('.msg');
  if (msg) msg.classList.toggle('menu-open', open);
}

let toastTimer = 0;
function toast(text, isError) {
  const t = $('#toast');
  t.textContent = text;
  t.classList.toggle('error', !!isError);
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, isError ? 8000 : 3000);
}

document.addEventListener('click', async (e) => {
  const t = e.target instanceof Element ? e.target : null;
  if (!t) return;
  let el;
  if ((el = t.closest('[data-user]')) && el.classList.contains('user-btn')) return switchUser(el.dataset.user);
  if ((el = t.closest('[data-channel]')) && el.classList.contains('side-item')) { e.preventDefault(); return show('channel', el.dataset.channel); }
  if ((el = t.closest('[data-goto-channel]'))) {
    e.preventDefault();
    if (state.boot.channels.some((c) => c.ID === el.dataset.gotoChannel)) show('channel', el.dataset.gotoChannel);
    return;
  }
  if (t.closest('[data-app-home]')) { e.preventDefault(); return show('home'); }
  if ((el = t.closest('[data-tab]'))) return show(el.dataset.tab === 'home' ? 'home' : 'dm');
  if ((el = t.closest('[data-advance], [data-advance-months]'))) {
    const body = el.dataset.advanceMonths ? { months: Number(el.dataset.advanceMonths) } : { duration: el.dataset.advance };
    const res = await post('/api/advance', body);
    if (res) toast('Sandbox clock moved ' + el.textContent + (res.ticked ? '; reminders checked.' : '.'));
    return run('clock', refreshClock);
  }
  if ((el = t.closest('.msg-more'))) return toggleMenu($('.msg-menu', el.parentElement));
  if ((el = t.closest('.bk-overflow-toggle'))) return toggleMenu($('.bk-menu', el.parentElement));
  if ((el = t.closest('.msg-shortcut'))) {
    const msg = el.closest('.msg');
    closeMenus();
    const res = await post('/api/shortcut', { user: state.user, callback_id: el.dataset.callbackId, channel: msg.dataset.channel, ts: msg.dataset.ts });
    if (res) toast('Shortcut "' + el.textContent + '" sent to planbot.');
    return;
  }
  if ((el = t.closest('[data-open-thread]'))) {
    closeMenus();
    state.thread = el.dataset.openThread;
    run('thread', refreshThread);
    $('#thread-input').focus();
    return;
  }
  if (t.closest('#thread-close')) { state.thread = ''; return run('thread', refreshThread); }
  if ((el = t.closest('[data-close-view]'))) {
    await post('/api/close', { user: state.user, view_id: el.dataset.closeView });
    return run('modal', refreshModal);
  }
  if ((el = t.closest('[data-submit-view]'))) return submitModal(el.dataset.submitView);
  if ((el = t.closest('button.bk-act'))) return act(el);
  if (!t.closest('.msg-menu, .bk-menu')) closeMenus();
});

document.addEventListener('change', (e) => {
  const el = e.target;
  if (el instanceof Element && el.matches('.bk-act') && !el.closest('form.modal-body')) act(el);
});

document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape') return;
  if (!$('#confirm-layer').hidden) return $('#confirm-no').click();
  closeMenus();
});

async function send(input, threadTS) {
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  $('#messages').dataset.stick = '1';
  const res = await post('/api/command', { user: state.user, channel: currentChannel(), text, thread_ts: threadTS || '' });
  if (!res) input.value = text;
}

$('#composer').addEventListener('submit', (e) => { e.preventDefault(); send($('#composer-input')); });

// upload drops a file (or the sample named) into the current channel as
// the current user's message.
async function upload(file, sample) {
  const body = { user: state.user, channel: currentChannel(), sample: sample || '' };
  if (file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    body.name = file.name;
    body.data = btoa(bin);
  }
  $('#messages').dataset.stick = '1';
  await post('/api/upload', body);
}
$('#composer-file').addEventListener('change', (e) => {
  const f = e.target.files[0];
  e.target.value = '';
  if (f) upload(f, '');
});
$('#composer-sample').addEventListener('click', () => upload(null, 'ga4_traffic_acquisition.csv'));
$('#thread-composer').addEventListener('submit', (e) => { e.preventDefault(); send($('#thread-input'), state.thread); });

// ---- live updates ----

function onChange(ev) {
  switch (ev.kind) {
    case 'messages':
      if (!ev.channel || ev.channel === currentChannel()) {
        run('messages', refreshMessages);
        run('thread', refreshThread);
      } else {
        state.unread.add(ev.channel);
        renderChannels();
      }
      break;
    case 'views': run('modal', refreshModal); break;
    case 'home': run('home', refreshHome); break;
    case 'clock': run('clock', refreshClock); break;
    case 'call': {
      const log = $('#api-log');
      const li = document.createElement('li');
      li.textContent = ev.method + (ev.status && ev.status !== 200 ? ' (' + ev.status + ')' : '');
      log.prepend(li);
      while (log.children.length > 200) log.lastChild.remove();
      break;
    }
  }
}

async function start() {
  state.boot = await (await fetch('/api/bootstrap', { cache: 'no-store' })).json();
  const loc = new URLSearchParams(location.hash.slice(1));
  const users = state.boot.users.map((u) => u.ID);
  const channels = state.boot.channels.map((c) => c.ID);
  state.user = users.includes(loc.get('u')) ? loc.get('u') : users[0];
  state.channel = channels.includes(loc.get('c')) ? loc.get('c') : channels[0];
  const pane = ['channel', 'home', 'dm'].includes(loc.get('p')) ? loc.get('p') : 'channel';
  if (!state.boot.scheduler) {
    for (const b of $$('.clock-btn')) b.title = 'This build has no scheduler hook: reminders fire at the scheduler\'s next poll, if any.';
  }
  renderUsers();
  show(pane);
  const events = new EventSource('/events');
  events.addEventListener('hello', () => { document.body.dataset.live = '1'; refreshAll(); });
  events.addEventListener('change', (e) => onChange(JSON.parse(e.data)));
  events.addEventListener('error', () => { document.body.dataset.live = '0'; });
  // A hidden tab's timers are slowed down: show the right minute on return.
  document.addEventListener('visibilitychange', () => { if (!document.hidden) run('clock', refreshClock); });
}

start();
