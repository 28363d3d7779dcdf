// Calls Verdict's job_status with the official Smile ID Node SDK and prints the answer as JSON.
// The SDK itself checks the response signature; a bad one rejects with an error (exit code 1).
// Inputs come from the environment: SERVER (host:port/v1), PARTNER_ID, API_KEY, USER_ID, JOB_ID,
// HISTORY and IMAGE_LINKS ("true"/"false"). TLS trust comes from NODE_EXTRA_CA_CERTS.
const { Utilities } = require('smile-identity-core');

const env = process.env;
const utilities = new Utilities(env.PARTNER_ID, env.API_KEY, env.SERVER);
utilities
  .get_job_status(env.USER_ID, env.JOB_ID, {
    return_history: env.HISTORY === 'true',
    return_images: env.IMAGE_LINKS === 'true',
  })
  .then((data) => {
    process.stdout.write(JSON.stringify(data));
  })
  .catch((error) => {
    const status = error.response ? ` (HTTP ${error.response.status} ${JSON.stringify(error.response.data)})` : '';
    process.stderr.write(`${error.message}${status}\n`);
    process.exit(1);
  });
