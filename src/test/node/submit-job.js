// Submits a job to Verdict with the official Smile ID Node SDK (WebApi.submit_job) and prints the
// SDK's answer as JSON. Inputs come from the environment: SERVER (host:port/v1), PARTNER_ID,
// API_KEY, CALLBACK, PARTNER_PARAMS, IMAGES, ID_INFO and OPTIONS (JSON). TLS trust comes from
// NODE_EXTRA_CA_CERTS.
// With ID_API=true it uses IDApi.submit_job (job type 5) instead.
const { WebApi, IDApi } = require('smile-identity-core');

const env = process.env;
const submission =
  env.ID_API === 'true'
    ? new IDApi(env.PARTNER_ID, env.API_KEY, env.SERVER).submit_job(
        JSON.parse(env.PARTNER_PARAMS),
        JSON.parse(env.ID_INFO || '{}'),
      )
    : new WebApi(env.PARTNER_ID, env.CALLBACK || '', env.API_KEY, env.SERVER).submit_job(
        JSON.parse(env.PARTNER_PARAMS),
        JSON.parse(env.IMAGES || '[]'),
        JSON.parse(env.ID_INFO || '{}'),
        JSON.parse(env.OPTIONS || '{}'),
      );
submission
  .then((data) => {
    process.stdout.write(JSON.stringify(data));
  })
  .catch((error) => {
    const status = error.response ? ` (HTTP ${error.response.status} ${JSON.stringify(error.response.data)})` : '';
    process.stderr.write(`${error.message}${status}\n`);
    process.exit(1);
  });
