'use strict';
// Attackers from /api/attackers: a table (each address opens the IP menu and drills down to its events) and a
// d3-geo world map of their GeoIP locations. All text is set with textContent (d3's .text()).
(async function () {
  const { api, el, ipElement } = window.Rampart;
  const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const reply = await api('GET', '/attackers?limit=500&from=' + encodeURIComponent(since));
  if (reply.status !== 200) { window.Rampart.showError(reply.body?.error || 'cannot read the attackers'); return; }
  const attackers = reply.body.attackers;
  document.getElementById('attackers-note').textContent = reply.body.alertsScanned + ' alerts read'
    + (reply.body.complete ? '' : ' (the newest only: the window holds more)');

  const body = document.querySelector('#attackers tbody');
  body.replaceChildren(...attackers.map(a => {
    const place = a.geo ? [a.geo.city, a.geo.country_name || a.geo.country_code].filter(Boolean).join(', ') : '';
    const events = el('a', { href: '/events?q=' + encodeURIComponent('details.sourceipaddress:"' + a.ip + '"') + '&minutes=1440' }, String(a.events));
    return el('tr', { 'data-ip': a.ip }, el('td', {}, ipElement(a.ip)), el('td', { class: 'alerts' }, String(a.alerts)),
      el('td', {}, events), el('td', {}, (a.categories || []).join(', ')), el('td', {}, a.firstSeen || ''),
      el('td', {}, a.lastSeen || ''), el('td', {}, place));
  }));

  const svg = d3.select('#map');
  const width = +svg.attr('width'), height = +svg.attr('height');
  const world = await (await fetch('/static/vendor/world-atlas/countries-110m.json')).json();
  const countries = topojson.feature(world, world.objects.countries);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: 'Sphere' });
  const path = d3.geoPath(projection);
  svg.append('path').attr('class', 'sphere').attr('d', path({ type: 'Sphere' }));
  svg.append('g').attr('class', 'countries').selectAll('path').data(countries.features).join('path').attr('d', path)
    .append('title').text(f => f.properties.name);
  const located = attackers.filter(a => a.geo && Number.isFinite(+a.geo.latitude) && Number.isFinite(+a.geo.longitude));
  const radius = d3.scaleSqrt().domain([0, d3.max(located, a => a.alerts) || 1]).range([2, 18]);
  svg.append('g').attr('class', 'attackers').selectAll('circle').data(located).join('circle')
    .attr('cx', a => projection([+a.geo.longitude, +a.geo.latitude])[0])
    .attr('cy', a => projection([+a.geo.longitude, +a.geo.latitude])[1])
    .attr('r', a => radius(a.alerts))
    .append('title').text(a => a.ip + ': ' + a.alerts + ' alerts');
  document.getElementById('map-legend').textContent = located.length + ' of ' + attackers.length
    + ' addresses located; dot area = alerts';
})();
