'use strict';
// The health page: polls /status.json every 2 s; rates are the counters' change between two polls.
(function () {
  const { el } = window.Rampart;
  let previous = null;
  const bytes = n => n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KiB'
    : n < 1073741824 ? (n / 1048576).toFixed(1) + ' MiB' : (n / 1073741824).toFixed(2) + ' GiB';
  const text = (id, value) => { document.getElementById(id).textContent = value; };
  const rows = (id, items, cells) => document.querySelector('#' + id + ' tbody')
    .replaceChildren(...items.map(item => el('tr', {}, ...cells(item).map(c => el('td', {}, c ?? '')))));

  async function poll() {
    const reply = await fetch('/status.json', { credentials: 'same-origin' });
    if (!reply.ok) return;
    const now = await reply.json();
    const at = Date.now();
    // A counter this process does not have (its role runs elsewhere) is absent: shown as "not on this node".
    const rate = (field) => now[field] == null ? 'not on this node'
      : previous ? Math.round((now[field] - previous.now[field]) / ((at - previous.at) / 1000)).toLocaleString() : '…';
    text('rate-in', rate('intakeAccepted'));
    text('rate-out', rate('stored'));
    previous = { now, at };
    text('journal-depth', now.journal ? bytes(now.journalUnconsumedBytes) : 'not on this node');
    text('journal-health', now.journal ? now.journal.reason || 'healthy' : '');
    text('totals', [now.intakeAccepted == null ? null : now.intakeAccepted.toLocaleString() + ' accepted',
      now.stored == null ? null : now.stored.toLocaleString() + ' stored, ' + now.dropped.toLocaleString() + ' dropped by plugins']
      .filter(Boolean).join(', '));
    rows('partitions', now.partitions, p => [p.name, bytes(p.sizeBytes)]);
    rows('plugins', now.plugins, p => [p.kind, p.name, p.origin]);
  }
  poll();
  setInterval(poll, 2000);
})();

// The scheduled alerts, from the API (/api/alertschedules), re-read when the stream says one ran or was changed.
// Admins get an on/off switch and a crontab editor per alert; the API checks the role and the crontab.
(function () {
  const { api, el, onLive, showError } = window.Rampart;
  const table = document.getElementById('schedules');
  const isAdmin = table.dataset.admin === 'true';
  /** Per alert name: its row, cells, and for admins the crontab input, the switch and the error shown. */
  const shown = new Map();

  const crontab = doc => {
    const c = doc.celery_schedule || {};
    return [c.minute, c.hour, c.day_of_month, c.month_of_year, c.day_of_week].join(' ');
  };
  const result = doc => doc.running ? 'running' : doc.last_error ? 'error: ' + doc.last_error
    : doc.last_run_at ? doc.last_alerts + ' alerts' : '';

  async function change(entry, body) {
    const reply = await api('PATCH', '/alertschedules/' + encodeURIComponent(entry.name), body);
    if (reply.status === 200) {
      entry.error.textContent = '';
      update(reply.body, 'cron' in body);
    } else {
      // The API's reason as text (a bad crontab, not an admin); what was typed stays to be corrected.
      entry.error.textContent = reply.body?.error || ('refused: ' + reply.status);
      if ('enabled' in body) entry.enabled.checked = !body.enabled;
    }
  }

  function newEntry(name) {
    const cells = Array.from({ length: 8 }, () => el('td'));
    const entry = { name, cells, row: el('tr', { 'data-name': name }, ...cells), cron: '' };
    cells[0].textContent = name;
    if (isAdmin) {
      entry.input = el('input', { class: 'schedule-cron', 'aria-label': 'crontab of ' + name, size: '16', maxlength: '100' });
      const form = el('form', { class: 'schedule-form' }, entry.input,
        el('button', { type: 'submit', class: 'schedule-save' }, 'Save'));
      form.addEventListener('submit', event => {
        event.preventDefault();
        change(entry, { cron: entry.input.value.trim() });
      });
      entry.error = el('p', { class: 'error schedule-error', role: 'alert' });
      cells[1].append(form, entry.error);
      entry.enabled = el('input', { type: 'checkbox', class: 'schedule-enabled', 'aria-label': 'run ' + name });
      entry.enabled.addEventListener('change', () => change(entry, { enabled: entry.enabled.checked }));
      cells[2].append(entry.enabled);
    }
    shown.set(name, entry);
    return entry;
  }

  /** Shows doc in its row; a crontab an admin is changing keeps what they typed, unless it was just saved. */
  function update(doc, saved) {
    const entry = shown.get(doc.name) || newEntry(doc.name);
    const cells = entry.cells;
    const cron = crontab(doc);
    if (isAdmin) {
      if (saved || entry.input.value === entry.cron) entry.input.value = cron;
      entry.enabled.checked = doc.enabled;
    } else {
      cells[1].textContent = cron;
      cells[2].textContent = doc.enabled ? 'yes' : 'no';
    }
    entry.cron = cron;
    cells[3].textContent = doc.last_run_at || '';
    cells[4].textContent = doc.last_duration_ms == null ? '' : doc.last_duration_ms + ' ms';
    cells[5].textContent = result(doc);
    cells[6].textContent = doc.enabled ? (doc.next_run_at || '') : 'off';
    cells[7].textContent = String(doc.total_run_count ?? '');
  }

  async function load() {
    const reply = await api('GET', '/alertschedules');
    if (reply.status !== 200) {
      showError('cannot read the schedules: ' + (reply.body?.error || reply.status));
      return;
    }
    const docs = Object.values(reply.body).sort((a, b) => a.name.localeCompare(b.name));
    docs.forEach(doc => update(doc, false));
    const body = table.querySelector('tbody');
    body.replaceChildren(...docs.map(doc => shown.get(doc.name).row));
    if (!docs.length) body.append(el('tr', {}, el('td', { colspan: '8', class: 'hint' }, 'no scheduled alerts on this node')));
  }

  // Runs come in bursts (every alert due in a minute at once): one read for a burst.
  let pending = null;
  function reload() {
    if (!pending) pending = setTimeout(() => { pending = null; load(); }, 200);
  }
  onLive('schedule', reload);
  onLive('schedule.run', reload);
  load();
})();
