'use strict';
// The API's login takes JSON (a cross-site form cannot send it), so the form is sent by this script.
const form = document.getElementById('login');
form.addEventListener('submit', async event => {
  event.preventDefault();
  const reply = await fetch('/api/login', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
    body: JSON.stringify({ name: document.getElementById('name').value, password: document.getElementById('password').value })
  });
  if (reply.ok) {
    window.location.assign(form.dataset.next);
  } else {
    const body = await reply.json().catch(() => ({}));
    document.getElementById('login-error').textContent = body.error || ('login failed: ' + reply.status);
  }
});
