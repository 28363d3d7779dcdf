// Fetches a URL with Node's https.get, trusting only the system CAs plus NODE_EXTRA_CA_CERTS.
// Prints "<status> <body>"; exits 1 on any TLS or network error.
const https = require('https');

https
  .get(process.argv[2], (response) => {
    let body = '';
    response.on('data', (chunk) => (body += chunk));
    response.on('end', () => process.stdout.write(`${response.statusCode} ${body}`));
  })
  .on('error', (error) => {
    process.stderr.write(`${error.code || ''} ${error.message}\n`);
    process.exit(1);
  });
