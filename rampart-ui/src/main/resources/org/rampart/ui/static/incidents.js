'use strict';
// The incidents list, newest change first, kept current over the live stream: an incident someone creates or changes
// is re-read and its row (re)placed at the top, or dropped when it left the phase the list is filtered on.
(function () {
  const { api, el, onLive, showError } = window.Rampart;
  document.getElementById('new-incident')?.addEventListener('submit', async event => {
    event.preventDefault();
    const reply = await api('POST', '/incidents', { summary: document.getElementById('new-incident-summary').value });
    if (reply.status === 201) window.location.assign('/incidents/' + reply.body.id);
    else showError(reply.body?.error || 'could not create the incident: ' + reply.status);
  });

  const table = document.getElementById('incidents');
  const body = table.tBodies[0];
  const phase = table.dataset.phase;
  const limit = Number(table.dataset.limit);
  const rowOf = id => [...body.rows].find(r => r.dataset.id === String(id));
  const shown = id => Number(rowOf(id)?.dataset.version || 0);

  function rowFor(incident) {
    return el('tr', { 'data-id': incident.id, 'data-version': incident.version, class: 'new' },
      el('td', { class: 'id' }, incident.id),
      el('td', { class: 'summary' }, el('a', { href: '/incidents/' + encodeURIComponent(incident.id) }, incident.summary || '')),
      el('td', { class: 'phase' }, incident.phase || ''),
      el('td', { class: 'owners' }, (incident.owners || []).join(', ')),
      el('td', { class: 'updated' }, incident.updated || ''),
      el('td', { class: 'by' }, incident.updatedBy || ''));
  }

  onLive('incident', async change => {
    if (change.version <= shown(change.id)) return;
    // The stream tells what changed; the row shows more (owners, time), so it is read whole, as the API shows it.
    const reply = await api('GET', '/incidents/' + encodeURIComponent(change.id));
    if (reply.status !== 200) return;
    const incident = reply.body;
    if (incident.version <= shown(incident.id)) return;   // a newer read already placed it
    rowOf(incident.id)?.remove();
    if (phase && incident.phase !== phase) return;
    body.prepend(rowFor(incident));
    while (body.rows.length > limit) body.lastElementChild.remove();
  });
})();
