// Submits a job with the official Smile ID Node SDK 1.x (legacy sec_key authentication, installed under
// the alias smile-identity-core-legacy), waits for its result through the SDK's own job_status polling,
// then asks job_status once more directly. Both paths check the response signature with the public key
// (the SDK's confirm_sec_key). Prints {"submitted": <submit_job's answer>, "status": <job_status answer>}.
// Inputs come from the environment: SERVER (host:port/v1), PARTNER_ID, API_KEY (base64 of the PEM public
// key), CALLBACK, PARTNER_PARAMS and IMAGES (JSON). TLS trust comes from NODE_EXTRA_CA_CERTS.
//
// The 1.x SDK speaks HTTPS only and passes "host:port" as the request's hostname (it only ever talked to
// port 443); the wrapper below splits such a hostname into host and port and changes nothing else.
const https = require('https');

const request = https.request;
https.request = function (options, ...rest) {
  if (options && typeof options === 'object' && !options.port && /^[^:]+:\d+$/.test(options.hostname || '')) {
    const [hostname, port] = options.hostname.split(':');
    return request.call(https, { ...options, hostname, port: Number(port) }, ...rest);
  }
  return request.call(https, options, ...rest);
};

const { WebApi, Utilities } = require('smile-identity-core-legacy');

const env = process.env;
const params = JSON.parse(env.PARTNER_PARAMS);
new WebApi(env.PARTNER_ID, env.CALLBACK, env.API_KEY, env.SERVER)
  .submit_job(params, JSON.parse(env.IMAGES), {}, { return_job_status: true })
  .then((submitted) =>
    new Utilities(env.PARTNER_ID, env.API_KEY, env.SERVER)
      .get_job_status(params.user_id, params.job_id, { return_history: false, return_images: false })
      .then((status) => {
        process.stdout.write(JSON.stringify({ submitted, status }));
      }),
  )
  .catch((error) => {
    process.stderr.write(`${error && error.message ? error.message : error}\n`);
    process.exit(1);
  });
