'use strict';
(function () {
  const { api, showError } = window.Rampart;
  document.getElementById('new-incident')?.addEventListener('submit', async event => {
    event.preventDefault();
    const reply = await api('POST', '/incidents', { summary: document.getElementById('new-incident-summary').value });
    if (reply.status === 201) window.location.assign('/incidents/' + reply.body.id);
    else showError(reply.body?.error || 'could not create the incident: ' + reply.status);
  });
})();
