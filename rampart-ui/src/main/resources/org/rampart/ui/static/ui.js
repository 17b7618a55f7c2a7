// Shared by every page: the API client (same origin, session cookie plus the CSRF token) and the user menu.
// No page script ever writes HTML: text goes in with textContent, elements are built with createElement.
'use strict';
window.Rampart = (function () {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';
  const canChange = document.body.dataset.canChange === 'true';

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

  /** An IP address that opens the IP menu when clicked (shown as the label when one is given). */
  function ipElement(ip, label) {
    return el('button', label ? { type: 'button', class: 'ip', 'data-ip': ip, 'aria-label': 'IP menu for ' + ip }
      : { type: 'button', class: 'ip', 'data-ip': ip }, label || ip);
  }

  // Addresses in text (raw JSON, notes): dotted-quad IPv4, and IPv6 as the browser's URL parser accepts it.
  const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
  const ADDRESS_LIKE = /(?<![\w:.])[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*(?![\w:.])/g;
  function isIp(text) {
    if (IPV4.test(text)) return true;
    if (text.length > 45 || !text.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(text) || !/[0-9A-Fa-f]/.test(text)) return false;
    try { new URL('http://[' + text + ']/'); return true; } catch { return false; }
  }

  /** Makes every address in the text under root an IP menu button: text nodes are split, never parsed as HTML. */
  function linkIps(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.closest('.ip, a, button, input, textarea, select')) texts.push(node);
    }
    for (const node of texts) {
      const text = node.nodeValue;
      const parts = [];
      let done = 0;
      for (const match of text.matchAll(ADDRESS_LIKE)) {
        let ip = match[0].replace(/\.+$/, '');   // the full stop of a sentence is not part of it
        ip = /^([\d.]+):\d{1,5}$/.exec(ip)?.[1] || ip;   // nor the port of address:port
        if (!isIp(ip)) continue;
        parts.push(text.slice(done, match.index), ipElement(ip));
        done = match.index + ip.length;
      }
      if (parts.length > 0) node.replaceWith(...parts, text.slice(done));
    }
  }
  document.querySelectorAll('pre.raw, .ips').forEach(linkIps);

  // The IP menu, on every address shown anywhere (class "ip", data-ip): search, whois, and for analysts block, watch.
  let menu = null;
  function closeMenu() { menu?.remove(); menu = null; }
  async function lookup(ip, out) {
    out.textContent = 'looking up…';
    const reply = await api('POST', '/ipwhois', { ipaddress: ip });
    out.textContent = reply.status === 200 ? JSON.stringify(reply.body, null, 2) : (reply.body?.error || String(reply.status));
  }
  // MozDef's list form: the item, its duration and comment, and the flag naming the list plugin that takes it.
  async function listIt(ip, path, key, list, out) {
    const reply = await api('POST', path, [{ [key]: ip }, { duration: '1d' }, { comment: 'from the web UI' }, { [list]: true }]);
    out.textContent = reply.status < 300 ? 'done: ' + path.slice(1) + ' for a day' : (reply.body?.error || String(reply.status));
  }
  document.addEventListener('click', event => {
    const target = event.target.closest('.ip');
    if (!target) { if (menu && !menu.contains(event.target)) closeMenu(); return; }
    event.preventDefault();
    closeMenu();
    const ip = target.dataset.ip;
    const out = el('div', { class: 'result' });
    // As the source or the destination of an event (a page may show either); quoted as a phrase, escaped.
    const phrase = '"' + ip.replace(/["\\]/g, '\\$&') + '"';
    const query = 'details.sourceipaddress:' + phrase + ' OR details.destinationipaddress:' + phrase;
    const search = el('a', { href: '/events?q=' + encodeURIComponent(query) + '&minutes=1440' }, 'Search events');
    const whois = el('button', { type: 'button', class: 'whois' }, 'Whois');
    whois.addEventListener('click', () => lookup(ip, out));
    menu = el('div', { class: 'ip-menu', role: 'menu' }, search, whois);
    if (canChange) {
      const block = el('button', { type: 'button', class: 'block' }, 'Block for a day');
      block.addEventListener('click', () => listIt(ip, '/blockip', 'ipaddress', 'IPBlockList', out));
      const watch = el('button', { type: 'button', class: 'watch' }, 'Watch for a day');
      watch.addEventListener('click', () => listIt(ip, '/watchitem', 'watchcontent', 'WatchList', out));
      menu.append(block, watch);
    }
    menu.append(out);
    const box = target.getBoundingClientRect();
    menu.style.left = (window.scrollX + box.left) + 'px';
    menu.style.top = (window.scrollY + box.bottom + 2) + 'px';
    document.body.append(menu);
  });

  document.getElementById('logout')?.addEventListener('click', async () => {
    await api('POST', '/logout');
    window.location.assign('/login');
  });

  return { api, el, onLive, showError, ipElement, isIp, linkIps, canChange };
})();
