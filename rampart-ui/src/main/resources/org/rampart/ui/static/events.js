'use strict';
// A facet value that is an address gets the IP menu beside it (the value itself still narrows the query).
(function () {
  const { ipElement, isIp } = window.Rampart;
  document.querySelectorAll('#facets a.facet-value').forEach(link => {
    if (isIp(link.textContent)) link.after(' ', ipElement(link.textContent, '\u22ef'));
  });
})();

// The histogram of the search's matches over time: d3 bars with a time axis; text set by d3 (textContent).
(function () {
  const svg = d3.select('#histogram');
  const bars = JSON.parse(svg.attr('data-bars')).map(b => ({ t: new Date(b.t), n: b.n }));
  if (bars.length === 0) return;
  const width = +svg.attr('width'), height = +svg.attr('height');
  const margin = { top: 10, right: 10, bottom: 24, left: 44 };
  const step = bars.length > 1 ? bars[1].t - bars[0].t : 60000;
  const x = d3.scaleTime().domain([bars[0].t, new Date(+bars[bars.length - 1].t + step)])
    .range([margin.left, width - margin.right]);
  const y = d3.scaleLinear().domain([0, d3.max(bars, b => b.n) || 1]).nice().range([height - margin.bottom, margin.top]);
  svg.append('g').attr('class', 'bars').selectAll('rect').data(bars).join('rect')
    .attr('x', b => x(b.t) + 1).attr('width', b => Math.max(1, x(new Date(+b.t + step)) - x(b.t) - 2))
    .attr('y', b => y(b.n)).attr('height', b => y(0) - y(b.n))
    .append('title').text(b => b.t.toISOString() + ': ' + b.n);
  svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(8));
  svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(4));
})();
