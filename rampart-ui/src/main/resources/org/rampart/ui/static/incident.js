'use strict';
// One incident, edited by several people at once. Each field is saved on its own with the version it was read at.
// Another's change arrives over the live stream (or as a 409 reply): fields you have not touched take it at once;
// a field you are editing that someone else changed is a conflict, shown with both values, and is not saved until
// you choose: yours or theirs. Nothing is silently overwritten in either direction.
(function () {
  const { api, el, onLive, showError, canChange, linkIps } = window.Rampart;
  const form = document.getElementById('incident');
  const id = form.dataset.id;
  let version = Number(form.dataset.version);
  const inputs = [...form.querySelectorAll('[data-field]')];
  const base = {};          // field -> the server's value as last seen (JSON text)
  const conflicts = {};     // field -> the other person's value (JSON text)
  let veris = [...document.querySelectorAll('#veris-chosen li')].map(li => li.dataset.path);

  const valueOf = input => input.dataset.list
    ? input.value.split(',').map(s => s.trim()).filter(s => s.length > 0)
    : input.value;
  const show = (input, value) => { input.value = Array.isArray(value) ? value.join(', ') : (value ?? ''); };
  const dirty = input => JSON.stringify(valueOf(input)) !== base[input.dataset.field];
  inputs.forEach(input => { base[input.dataset.field] = JSON.stringify(valueOf(input)); });

  /** Takes the incident as the server has it now; returns the fields that conflict with an edit in progress. */
  function absorb(current) {
    version = current.version;
    document.getElementById('version').textContent = String(version);
    document.getElementById('updated-by').textContent = current.updatedBy || '';
    for (const input of inputs) {
      const field = input.dataset.field;
      const theirs = JSON.stringify(current[field] ?? (input.dataset.list ? [] : ''));
      if (theirs === base[field]) continue;
      if (dirty(input) && theirs !== JSON.stringify(valueOf(input))) {
        conflicts[field] = theirs;
      } else {
        show(input, JSON.parse(theirs));
        base[field] = theirs;
        delete conflicts[field];
      }
    }
    veris = current.veris || [];
    renderVeris();
    renderList('timeline', current.timeline || [], t => [t.time + ' — ' + t.text + ' ', el('span', { class: 'by' }, '(' + t.author + ')')]);
    renderList('notes', current.notes || [], n => [n.text + ' ', el('span', { class: 'by' }, '(' + n.author + ', ' + n.time + ')')]);
    renderConflicts(current.updatedBy);
  }

  function renderList(listId, items, parts) {
    const list = document.getElementById(listId);
    list.replaceChildren(...items.map(item => el('li', {}, ...parts(item))));
    linkIps(list);
  }

  function renderConflicts(who) {
    const box = document.getElementById('conflicts');
    box.replaceChildren(...Object.entries(conflicts).map(([field, theirs]) => {
      const input = inputs.find(i => i.dataset.field === field);
      const mine = el('button', { type: 'button', class: 'keep-mine' }, 'Keep mine');
      const take = el('button', { type: 'button', class: 'take-theirs' }, 'Take theirs');
      mine.addEventListener('click', () => { base[field] = theirs; delete conflicts[field]; renderConflicts(who); save(input); });
      take.addEventListener('click', () => {
        show(input, JSON.parse(theirs)); base[field] = theirs; delete conflicts[field]; renderConflicts(who);
      });
      const value = JSON.parse(theirs);
      return el('div', { class: 'conflict', 'data-field': field },
        el('strong', {}, field), ' was changed by ' + (who || 'someone') + ' while you edited it. Theirs: ',
        el('q', { class: 'theirs' }, Array.isArray(value) ? value.join(', ') : value), ' — yours: ',
        el('q', { class: 'mine' }, input.value), ' ', mine, take);
    }));
  }

  /** Sends one change; a 409 means someone else came first: take their incident, then retry unless it conflicts. */
  async function patch(change, retryIf) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = await api('PATCH', '/incidents/' + id, { version, ...change });
      if (reply.status === 200) { absorb(reply.body); return reply.body; }
      if (reply.status !== 409) { showError(reply.body?.error || 'could not save: ' + reply.status); return null; }
      absorb(reply.body.current);
      if (!retryIf()) return null;
    }
    return null;
  }

  async function save(input) {
    const field = input.dataset.field;
    if (!dirty(input) || conflicts[field]) return;
    const value = valueOf(input);
    const saved = await patch({ [field]: value }, () => !conflicts[field]);
    if (saved) base[field] = JSON.stringify(saved[field]);
  }

  function renderVeris() {
    const chosen = document.getElementById('veris-chosen');
    chosen.replaceChildren(...veris.map(path => {
      const item = el('li', { 'data-path': path }, el('span', {}, path));
      if (canChange) {
        const remove = el('button', { type: 'button', class: 'remove', 'aria-label': 'remove ' + path }, '×');
        remove.addEventListener('click', () => changeVeris(list => list.filter(p => p !== path)));
        item.append(remove);
      }
      return item;
    }));
  }

  /** A VERIS change is an operation (add or remove one path), re-applied to the current list if another came first. */
  function changeVeris(operation) {
    return patch({ get veris() { return operation(veris); } }, () => true);
  }

  if (canChange) {
    inputs.forEach(input => input.addEventListener('change', () => save(input)));
    renderVeris();
    let taxonomy = null;
    const search = document.getElementById('veris-search');
    const results = document.getElementById('veris-results');
    search.addEventListener('input', async () => {
      if (!taxonomy) {
        const reply = await api('GET', '/veris/taxonomy');
        taxonomy = [];
        const walk = (node, prefix) => {
          if (Array.isArray(node)) node.forEach(v => taxonomy.push(prefix + v));
          else if (node && typeof node === 'object') Object.entries(node).forEach(([k, v]) => walk(v, prefix + k + '.'));
        };
        walk(reply.body, '');
      }
      const terms = search.value.toLowerCase().split(/\s+/).filter(t => t.length > 0);
      const matches = terms.length === 0 ? [] : taxonomy.filter(p => terms.every(t => p.toLowerCase().includes(t))).slice(0, 30);
      results.replaceChildren(...matches.map(path => {
        const pick = el('button', { type: 'button', class: 'veris-option' }, path);
        pick.addEventListener('click', async () => {
          await changeVeris(list => list.includes(path) ? list : [...list, path]);
          search.value = '';
          results.replaceChildren();
        });
        return el('li', {}, pick);
      }));
    });
    document.getElementById('add-note').addEventListener('submit', async event => {
      event.preventDefault();
      const text = document.getElementById('note-text');
      if (await patch({ note: text.value }, () => true)) text.value = '';
    });
    document.getElementById('add-timeline').addEventListener('submit', async event => {
      event.preventDefault();
      const time = document.getElementById('timeline-time');
      const text = document.getElementById('timeline-text');
      const entry = { time: time.value.trim() || new Date().toISOString(), text: text.value };
      if (await patch({ timeline: entry }, () => true)) { time.value = ''; text.value = ''; }
    });
  }

  onLive('incident', async change => {
    if (String(change.id) !== id || change.version <= version) return;
    const reply = await api('GET', '/incidents/' + id);
    if (reply.status === 200 && reply.body.version > version) absorb(reply.body);
  });
})();
