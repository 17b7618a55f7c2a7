// Shared by every page: the API client (same origin, session cookie plus the CSRF token) and the user menu.
// No page script ever writes HTML: text goes in with textContent, elements are built with createElement.
'use strict';
window.Rampart = (function () {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';

  /** Calls the API under /api; resolves to {status, body} (body parsed when JSON). */
  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
    const reply = await fetch('/api' + path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const type = reply.headers.get('Content-Type') || '';
    const parsed = type.startsWith('application/json') ? await reply.json() : null;
    return { status: reply.status, body: parsed };
  }

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  /** One live stream per page: listeners by event type. Reconnects by itself (EventSource does). */
  let source = null;
  const listeners = {};
  function onLive(type, listener) {
    if (!source) {
      source = new EventSource('/api/events/stream');
      source.onopen = () => document.body.classList.add('connected');
      source.onerror = () => document.body.classList.remove('connected');
    }
    if (!listeners[type]) {
      listeners[type] = [];
      source.addEventListener(type, event => {
        const data = JSON.parse(event.data);
        listeners[type].forEach(l => l(data));
      });
    }
    listeners[type].push(listener);
  }

  function showError(text) {
    let box = document.getElementById('error-box');
    if (!box) {
      box = el('p', { id: 'error-box', class: 'error', role: 'alert' });
      document.querySelector('main').prepend(box);
    }
    box.textContent = text;
  }

  document.getElementById('logout')?.addEventListener('click', async () => {
    await api('POST', '/logout');
    window.location.assign('/login');
  });

  return { api, el, onLive, showError, canChange: document.body.dataset.canChange === 'true' };
})();
