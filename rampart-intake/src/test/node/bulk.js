// Drives the official OpenSearch JavaScript client against the intake at process.argv[2], the way a shipper uses
// it (startup probes, helpers.bulk, a plain bulk call), and prints what the client saw as one JSON object.
'use strict';
const { Client } = require('@opensearch-project/opensearch');

async function main(node) {
  const client = new Client({ node });
  const info = await client.info();
  const health = await client.cluster.health();
  const template = await client.indices.putIndexTemplate({ name: 'rampart', body: { index_patterns: ['events-*'] } });

  const documents = [];
  for (let n = 0; n < 50; n++) {
    documents.push({ summary: `event ${n}`, n });
  }
  documents.push({ summary: 'x'.repeat(2000), n: 50 }); // over the intake's max_event_size
  const dropped = [];
  const stats = await client.helpers.bulk({
    datasource: documents,
    onDocument: () => ({ index: { _index: 'events' } }),
    onDrop: (drop) => dropped.push({ status: drop.status, reason: drop.error && drop.error.reason, n: drop.document.n }),
    flushBytes: 1000, // several requests, sent concurrently
  });
  const plain = await client.bulk({ body: [{ create: { _index: 'events' } }, { summary: 'plain', n: 51 }] });

  return { version: info.body.version.number, health: health.body.status, template: template.body.acknowledged,
    stats, dropped, plain: plain.body };
}

main(process.argv[2]).then(
  (result) => console.log(JSON.stringify(result)),
  (error) => { console.error(error); process.exit(1); });
