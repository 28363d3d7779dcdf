// Calls one more method of the official Smile ID Node SDK against Verdict and prints the SDK's answer
// as JSON. METHOD is get_web_token (WebApi.get_web_token with REQUEST as its request params) or
// submitAsyncjob (IDApi.submitAsyncjob with PARTNER_PARAMS, ID_INFO and CALLBACK). Connection settings
// as in submit-job.js: SERVER, PARTNER_ID, API_KEY, NODE_EXTRA_CA_CERTS.
const { WebApi, IDApi } = require('smile-identity-core');

const env = process.env;
let call;
if (env.METHOD === 'get_web_token') {
  call = new WebApi(env.PARTNER_ID, env.CALLBACK || '', env.API_KEY, env.SERVER).get_web_token(
    JSON.parse(env.REQUEST),
  );
} else if (env.METHOD === 'submitAsyncjob') {
  call = new IDApi(env.PARTNER_ID, env.API_KEY, env.SERVER).submitAsyncjob(
    JSON.parse(env.PARTNER_PARAMS),
    JSON.parse(env.ID_INFO),
    env.CALLBACK,
  );
} else {
  call = Promise.reject(new Error(`unknown METHOD ${env.METHOD}`));
}
call
  .then((data) => {
    process.stdout.write(JSON.stringify(data));
  })
  .catch((error) => {
    const status = error.response ? ` (HTTP ${error.response.status} ${JSON.stringify(error.response.data)})` : '';
    process.stderr.write(`${error.message}${status}\n`);
    process.exit(1);
  });
