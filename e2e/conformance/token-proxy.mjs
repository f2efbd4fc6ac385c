// TEST FIXTURE: a loopback HTTP proxy that adds "Authorization: Bearer <token>" to every request
// that carries none, for the conformance suite's server scenarios (the suite cannot send a token).
// Usage: node token-proxy.mjs LISTEN_PORT TARGET_PORT TOKEN
// Byte-level: the request head is rewritten (Authorization added, "Connection: close" so that each
// connection carries one request and so one rewritten head); everything else, Host and Origin
// included, reaches the server exactly as the suite sent it, and the response streams back as is.
import net from 'node:net';

const [listenPort, targetPort, token] = process.argv.slice(2);
if (!listenPort || !targetPort || !token) {
  console.error('usage: node token-proxy.mjs LISTEN_PORT TARGET_PORT TOKEN');
  process.exit(2);
}

const server = net.createServer((client) => {
  let head = Buffer.alloc(0);
  const onData = (chunk) => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (head.length > 65536) client.destroy();
      return;
    }
    client.off('data', onData);
    client.pause();
    const lines = head.subarray(0, end).toString('latin1').split('\r\n');
    const rest = head.subarray(end + 4);
    const kept = lines.filter((l, i) => i === 0 || !/^(connection|keep-alive)\s*:/i.test(l));
    if (!kept.some((l, i) => i > 0 && /^authorization\s*:/i.test(l))) {
      kept.push(`Authorization: Bearer ${token}`);
    }
    kept.push('Connection: close');
    const upstream = net.connect(Number(targetPort), '127.0.0.1', () => {
      upstream.write(Buffer.concat([Buffer.from(kept.join('\r\n') + '\r\n\r\n', 'latin1'), rest]));
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.end());
  };
  client.on('data', onData);
  client.on('error', () => {});
});
server.listen(Number(listenPort), '127.0.0.1', () => {
  console.log(`token proxy 127.0.0.1:${listenPort} -> 127.0.0.1:${targetPort}`);
});
