// Checks callback signatures with the official Smile ID Node SDK's Signature.confirm_signature.
// Input (stdin): {"partner_id": "...", "api_key": "...", "callbacks": [{"timestamp": "...", "signature": "..."}]}.
// Prints a JSON array of booleans, one per callback.
const { Signature } = require('smile-identity-core');

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const { partner_id: partnerId, api_key: apiKey, callbacks } = JSON.parse(input);
  const signature = new Signature(partnerId, apiKey);
  process.stdout.write(JSON.stringify(callbacks.map((c) => signature.confirm_signature(c.timestamp, c.signature))));
});
