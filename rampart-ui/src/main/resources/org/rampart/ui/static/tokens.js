'use strict';
// Personal API tokens: the secret of a new one is shown once, here, and never again.
(function () {
  const { api, showError } = window.Rampart;
  document.getElementById('new-token').addEventListener('submit', async event => {
    event.preventDefault();
    const reply = await api('POST', '/tokens', {
      name: document.getElementById('token-name').value, role: document.getElementById('token-role').value
    });
    if (reply.status !== 201) { showError(reply.body?.error || 'could not issue the token: ' + reply.status); return; }
    const secret = document.getElementById('token-secret');
    secret.textContent = 'Your new token (copy it now, it is not shown again): ' + reply.body.token;
    secret.hidden = false;
  });
  document.querySelectorAll('button.revoke').forEach(button => button.addEventListener('click', async () => {
    const reply = await api('DELETE', '/tokens/' + button.dataset.id);
    if (reply.status === 204) button.closest('tr').remove();
    else showError(reply.body?.error || 'could not revoke the token: ' + reply.status);
  }));
})();
