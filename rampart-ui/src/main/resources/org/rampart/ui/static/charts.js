'use strict';
// The charts page: d3 line charts (a series per line, time axis, count axis, legend) and a bar chart of top talkers.
// Every label is set with d3's .text(), i.e. textContent.
(function () {
  const margin = { top: 10, right: 170, bottom: 24, left: 40 };
  const color = d3.scaleOrdinal(d3.schemeTableau10);

  function lines(svgId) {
    const svg = d3.select('#' + svgId);
    const data = JSON.parse(svg.attr('data-chart'));
    const width = +svg.attr('width'), height = +svg.attr('height');
    const start = new Date(data.start);
    const hours = d3.range(data.hours).map(h => new Date(+start + h * 3600000));
    const x = d3.scaleTime().domain([hours[0], hours[hours.length - 1]]).range([margin.left, width - margin.right]);
    const max = d3.max(data.series, s => d3.max(s.values)) || 1;
    const y = d3.scaleLinear().domain([0, max]).nice().range([height - margin.bottom, margin.top]);
    svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(6));
    svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5));
    const line = d3.line().x((v, i) => x(hours[i])).y(v => y(v));
    svg.append('g').attr('class', 'series').selectAll('path').data(data.series).join('path')
      .attr('fill', 'none').attr('stroke', s => color(s.name)).attr('stroke-width', 1.5).attr('d', s => line(s.values))
      .append('title').text(s => s.name);
    const legend = svg.append('g').attr('class', 'legend')
      .attr('transform', `translate(${width - margin.right + 10},${margin.top})`);
    const items = legend.selectAll('g').data(data.series).join('g').attr('transform', (s, i) => `translate(0,${i * 16})`);
    items.append('rect').attr('width', 10).attr('height', 10).attr('fill', s => color(s.name));
    items.append('text').attr('x', 14).attr('y', 9).attr('font-size', 11).text(s => s.name.length > 24 ? s.name.slice(0, 23) + '…' : s.name);
    if (data.series.length === 0) legend.append('text').attr('y', 9).attr('font-size', 11).text('nothing in the last day');
    if (data.omitted > 0) legend.append('text').attr('y', data.series.length * 16 + 9).attr('font-size', 11).text('+ ' + data.omitted + ' more');
  }

  function bars(svgId) {
    const svg = d3.select('#' + svgId);
    const data = JSON.parse(svg.attr('data-chart'));
    const width = +svg.attr('width'), height = +svg.attr('height');
    const m = { top: 10, right: 20, bottom: 24, left: 130 };
    const x = d3.scaleLinear().domain([0, d3.max(data, d => d.value) || 1]).nice().range([m.left, width - m.right]);
    const y = d3.scaleBand().domain(data.map(d => d.name)).range([m.top, height - m.bottom]).padding(0.15);
    svg.append('g').attr('class', 'bars').selectAll('rect').data(data).join('rect')
      .attr('x', x(0)).attr('y', d => y(d.name)).attr('width', d => x(d.value) - x(0)).attr('height', y.bandwidth())
      .append('title').text(d => d.name + ': ' + d.value);
    svg.append('g').attr('transform', `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(5));
    svg.append('g').attr('transform', `translate(${m.left},0)`).call(d3.axisLeft(y));
    svg.append('text').attr('class', 'legend').attr('x', width - m.right).attr('y', height - 30).attr('text-anchor', 'end')
      .attr('font-size', 11).text('events, last 24 h');
  }

  lines('logins-chart');
  lines('categories-chart');
  lines('severities-chart');
  bars('talkers-chart');
})();
