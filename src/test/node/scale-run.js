// Drives Verdict through a load balancer with the official Smile ID Node SDK: submits ROUNDS jobs of
// every job type (WebApi.submit_job with a callback; IDApi.submitAsyncjob for job type 5), prints
// "submitted" once all are accepted, then asks job_status for every job until each has its final
// result. Once it reads "killed" on its standard input (the caller killed a node) it goes on asking
// job_status for every job for AFTER_KILL_MS more. Every job_status call that fails is printed as
// "status-error <epoch ms> <HTTP status or network error code>"; the last line is
// "done <JSON: jobs, status calls, status calls after the kill>".
// Inputs (environment): SERVER (host:port/v1), PARTNER_ID, API_KEY, CALLBACK, SELFIE and ID_CARD
// (image files), PREFIX (job and user ids), ROUNDS, DEADLINE_MS, AFTER_KILL_MS. TLS trust: NODE_EXTRA_CA_CERTS.
const { WebApi, IDApi, Utilities } = require('smile-identity-core');

const env = process.env;
const rounds = parseInt(env.ROUNDS || '2', 10);
const deadline = Date.now() + parseInt(env.DEADLINE_MS || '60000', 10);
const web = new WebApi(env.PARTNER_ID, env.CALLBACK, env.API_KEY, env.SERVER);
const id = new IDApi(env.PARTNER_ID, env.API_KEY, env.SERVER);
const utilities = new Utilities(env.PARTNER_ID, env.API_KEY, env.SERVER);
const selfie = [{ image_type_id: 0, image: env.SELFIE }];
const selfieAndId = [...selfie, { image_type_id: 1, image: env.ID_CARD }];
const options = { return_job_status: false };
let killedAt = 0;
process.stdin.on('data', (data) => {
  if (data.toString().includes('killed') && killedAt === 0) {
    killedAt = Date.now();
  }
});
const entered = { country: 'NG', id_type: 'BVN', id_number: '12345678901', entered: true };

function params(userId, jobType, round) {
  return { user_id: `${env.PREFIX}-${userId}`, job_id: `${env.PREFIX}-jt${jobType}-${round}`, job_type: jobType };
}

async function submitRound(round) {
  const user = `user-${round}`;
  const submitted = [];
  const submit = async (partnerParams, send) => {
    try {
      await send(partnerParams);
    } catch (error) {
      const answer = error.response ? ` (HTTP ${error.response.status} ${JSON.stringify(error.response.data)})` : '';
      throw new Error(`job type ${partnerParams.job_type}: ${error.message}${answer}`);
    }
    submitted.push(partnerParams);
  };
  // an authentication needs its user enrolled when it is prepared: registration first, to its result
  const registration = params(user, 4, round);
  await submit(registration, (p) => web.submit_job(p, selfie, {}, options));
  while (!(await utilities.get_job_status(registration.user_id, registration.job_id, {})).job_complete) {
    if (Date.now() > deadline) {
      throw new Error(`no result in time for ${registration.job_id}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await Promise.all([
    submit(params(user, 2, round), (p) => web.submit_job(p, selfie, {}, options)),
    submit(params(`kyc-${round}`, 1, round), (p) => web.submit_job(p, selfieAndId, entered, options)),
    submit(params(`doc-${round}`, 6, round), (p) =>
      web.submit_job(p, selfieAndId, { country: 'NG', id_type: 'PASSPORT' }, options)),
    submit(params(`edoc-${round}`, 11, round), (p) =>
      web.submit_job(p, selfieAndId, { country: 'NG', id_type: 'PASSPORT' }, options)),
    submit(params(`ekyc-${round}`, 5, round), (p) =>
      id.submitAsyncjob(p, { country: 'NG', id_type: 'NIN', id_number: '98765432101', first_name: 'Ada' }, env.CALLBACK)),
  ]);
  return submitted;
}

function failure(error) {
  if (error.response) {
    return String(error.response.status);
  }
  return error.code || error.message;
}

async function askStatus(p) {
  try {
    return await utilities.get_job_status(p.user_id, p.job_id, { return_history: false, return_images: false });
  } catch (error) {
    console.log(`status-error ${Date.now()} ${failure(error)}`);
    return null;
  }
}

async function main() {
  const jobs = (await Promise.all(Array.from({ length: rounds }, (_, i) => submitRound(i + 1)))).flat();
  console.log(`submitted ${jobs.length}`);
  let pending = jobs;
  let calls = 0;
  while (pending.length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`no final result in time for ${pending.map((p) => p.job_id).join(', ')}`);
    }
    const still = [];
    for (const p of pending) {
      calls++;
      const status = await askStatus(p);
      if (!status || !status.job_complete) {
        still.push(p);
      }
    }
    pending = still;
    if (pending.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  while (killedAt === 0) {
    if (Date.now() > deadline) {
      throw new Error('no "killed" on standard input in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  let afterKill = 0;
  const until = killedAt + parseInt(env.AFTER_KILL_MS || '2000', 10);
  do { // at least one round, however long the jobs took after the kill
    await Promise.all(jobs.map(async (p) => {
      afterKill++;
      const status = await askStatus(p);
      if (status && !status.job_complete) {
        throw new Error(`${p.job_id} no longer complete`);
      }
    }));
  } while (Date.now() < until);
  process.stdin.destroy();
  console.log(`done ${JSON.stringify({ jobs: jobs.map((p) => p.job_id), status_calls: calls, after_kill: afterKill })}`);
}

main().catch((error) => {
  console.error(`${error.message}${error.response ? ` (HTTP ${error.response.status})` : ''}`);
  process.exit(1);
});
