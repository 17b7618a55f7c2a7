'use strict';
// The alerts page: new alerts arrive over the live stream and fold into their row (same alert and summary), status
// changes update their row, and an analyst makes an incident from the selected rows.
(function () {
  const { api, el, onLive, showError, canChange } = window.Rampart;
  const table = document.getElementById('alerts');
  const body = table.tBodies[0];

  function foldKey(alert) {
    return (alert.classname || '') + '\n' + (alert.summary || '');
  }

  /** As the server shows it: to the second, without the zone (AlertRow.shortTime). */
  function shortTime(time) {
    return time && time.length >= 19 && time[10] === 'T' ? time.slice(0, 10) + ' ' + time.slice(11, 19) : (time || '');
  }

  function rowFor(alert) {
    const cells = [];
    if (canChange) cells.push(el('td', {}, el('input', { type: 'checkbox', class: 'pick', value: alert.id, 'aria-label': 'select' })));
    const link = el('a', { href: '/alerts/' + encodeURIComponent(alert.id) }, alert.summary || '');
    cells.push(el('td', { class: 'time', title: alert.utctimestamp || '' }, shortTime(alert.utctimestamp)), el('td', { class: 'severity' }, alert.severity || ''),
      el('td', { class: 'category' }, alert.category || ''), el('td', { class: 'summary' }, link),
      el('td', { class: 'count' }, '1'), el('td', { class: 'status' }, 'open'));
    const row = el('tr', { 'data-id': alert.id, class: 'new sev-' + (alert.severity || '') }, ...cells);
    row.dataset.key = foldKey(alert);
    return row;
  }

  if (table.dataset.live === 'true') {
    onLive('alert', alert => {
      const key = foldKey(alert);
      const existing = [...body.rows].find(r => r.dataset.key === key);
      if (existing) {
        const count = existing.querySelector('.count');
        const spark = count.querySelector('svg');
        count.firstChild.nodeValue = String(parseInt(count.textContent, 10) + 1);
        if (spark) count.append(spark);
        existing.querySelector('.time').textContent = shortTime(alert.utctimestamp);
        existing.querySelector('.time').setAttribute('title', alert.utctimestamp || '');
        existing.dataset.id = alert.id;
        existing.querySelector('.summary a').setAttribute('href', '/alerts/' + encodeURIComponent(alert.id));
        existing.classList.add('new');
        body.prepend(existing);
      } else {
        body.prepend(rowFor(alert));
      }
    });
  }
  onLive('alert.status', change => {
    const row = [...body.rows].find(r => r.dataset.id === change.alert);
    if (row) row.querySelector('.status').textContent = change.status;
  });

  const create = document.getElementById('create-incident');
  if (create) {
    const picked = () => [...body.querySelectorAll('input.pick:checked')];
    body.addEventListener('change', () => { create.disabled = picked().length === 0; });
    create.addEventListener('click', async () => {
      const rows = picked().map(box => box.closest('tr'));
      const summary = rows[0].querySelector('.summary').textContent.slice(0, 500);
      const reply = await api('POST', '/incidents', { summary, alerts: rows.map(r => r.dataset.id) });
      if (reply.status === 201) window.location.assign('/incidents/' + reply.body.id);
      else showError(reply.body?.error || 'could not create the incident: ' + reply.status);
    });
  }
})();
