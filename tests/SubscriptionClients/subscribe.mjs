// Subscribes to the hub with a reference client no one here wrote: graphql-ws (graphql-transport-ws over WebSocket)
// or graphql-sse (distinct connections mode), and prints every payload it receives as one JSON line.
// Usage: node subscribe.mjs <ws|sse> <http-url> <token> <purpose> <count> <query> [variables-json]
// Prints "ready" once the subscription is open (WebSocket: acknowledged), then exits 0 after <count> payloads,
// or 2 after 60 seconds (the test's bound), or 1 on an error, which it prints.
import { createClient as createWsClient } from 'graphql-ws';
import { createClient as createSseClient } from 'graphql-sse';
import WebSocket from 'ws';

const [transport, url, token, purpose, countText, query, variablesText] = process.argv.slice(2);
const count = Number(countText);
const variables = variablesText ? JSON.parse(variablesText) : {};
const timer = setTimeout(() => { console.log(JSON.stringify({ timeout: true })); process.exit(2); }, 60_000);
let received = 0;

const sink = {
  next: (payload) => {
    console.log(JSON.stringify(payload));
    if (++received >= count) { clearTimeout(timer); process.exit(0); }
  },
  error: (error) => {
    console.log(JSON.stringify({ clientError: Array.isArray(error) ? error : String(error?.message ?? error) }));
    clearTimeout(timer);
    process.exit(1);
  },
  complete: () => { console.log(JSON.stringify({ complete: true })); clearTimeout(timer); process.exit(0); },
};

if (transport === 'ws') {
  const client = createWsClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    // A browser cannot set a WebSocket's headers: the token and purpose travel in connection_init.
    connectionParams: { Authorization: `Bearer ${token}`, 'X-Purpose': purpose },
    retryAttempts: 0,
    on: { connected: () => console.log('ready') },
  });
  client.subscribe({ query, variables }, sink);
} else {
  const client = createSseClient({
    url,
    singleConnection: false,
    headers: { Authorization: `Bearer ${token}`, 'X-Purpose': purpose },
    retryAttempts: 0,
    on: { connected: () => console.log('ready') },
  });
  client.subscribe({ query, variables }, sink);
}
