'use strict';
// One alert: acknowledge, escalate, mark false positive, or open an incident from it.
(function () {
  const { api, showError } = window.Rampart;
  const id = document.getElementById('alert').dataset.id;
  document.querySelectorAll('button.set-status').forEach(button => button.addEventListener('click', async () => {
    const reply = await api('POST', '/alerts/' + encodeURIComponent(id) + '/status', { status: button.dataset.status });
    if (reply.status === 200) document.getElementById('alert-status').textContent = reply.body.status;
    else showError(reply.body?.error || 'could not change the status: ' + reply.status);
  }));
  document.getElementById('incident-from-alert')?.addEventListener('click', async () => {
    const summary = document.getElementById('alert-summary').textContent.slice(0, 500);
    const reply = await api('POST', '/incidents', { summary, alerts: [id] });
    if (reply.status === 201) window.location.assign('/incidents/' + reply.body.id);
    else showError(reply.body?.error || 'could not create the incident: ' + reply.status);
  });
})();
