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
    rows('schedules', now.schedules, s => [s.name, s.cron, s.enabled ? 'yes' : 'no', s.lastRun,
      s.lastDurationMs == null ? '' : s.lastDurationMs + ' ms',
      s.running ? 'running' : s.lastError ? 'error: ' + s.lastError : s.lastRun ? s.lastAlerts + ' alerts' : '', s.nextRun]);
    rows('plugins', now.plugins, p => [p.kind, p.name, p.origin]);
  }
  poll();
  setInterval(poll, 2000);
})();
