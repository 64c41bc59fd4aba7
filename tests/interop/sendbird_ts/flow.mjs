// A server-side Sendbird integration as TypeScript servers write it (plain fetch, typed
// JSON, throw on every error but the one handled), run against `fakepush serve`.
// Usage: node flow.mjs <base url> <api token>. Prints one JSON line of what it saw.

const [base, apiToken] = process.argv.slice(2);

class SendbirdError extends Error {
  constructor(status, body) {
    super(`Sendbird ${status}: ${JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

async function call(method, path, body) {
  const init = { method, headers: { "Api-Token": apiToken, "Content-Type": "application/json; charset=utf8" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${base}/v3${path}`, init);
  const json = await response.json(); // every answer must be JSON
  if (!response.ok) throw new SendbirdError(response.status, json);
  return json;
}

const enc = encodeURIComponent;

async function upsertUser(userId, nickname) {
  try {
    return await call("POST", "/users", { user_id: userId, nickname, profile_url: "" });
  } catch (error) {
    if (error instanceof SendbirdError && error.body.code === 400202) {
      return await call("PUT", `/users/${enc(userId)}`, { nickname, profile_url: "" });
    }
    throw error;
  }
}

async function login(userId, nickname, apns, gcm) {
  const user = await upsertUser(userId, nickname);
  await call("POST", `/users/${enc(userId)}/push/apns`, { apns_device_token: apns });
  await call("POST", `/users/${enc(userId)}/push/gcm`, { gcm_reg_token: gcm, is_unique: false });
  const preference = await call("PUT", `/users/${enc(userId)}/push_preference`, {
    push_trigger_option: "mention_only",
  });
  const session = await call("POST", `/users/${enc(userId)}/token`, {});
  return { user, preference, session };
}

const first = await login("ts-user", "TS User", "apns-1", "fcm:tok/1");
const second = await login("ts-user", "TS User Again", "apns-2", "fcm:tok/2");
await call("DELETE", `/users/ts-user/push/apns/${enc("apns-1")}`);
await call("DELETE", `/users/ts-user/push/gcm/${enc("fcm:tok/1")}`);
const apns = await call("GET", "/users/ts-user/push/apns");
const gcm = await call("GET", "/users/ts-user/push/gcm");
const preference = await call("GET", "/users/ts-user/push_preference");

console.log(JSON.stringify({
  nicknames: [first.user.nickname, second.user.nickname],
  trigger: [first.preference.push_trigger_option, preference.push_trigger_option],
  sessions: [typeof first.session.token, typeof second.session.expires_at],
  apns: apns.tokens,
  gcm: gcm.tokens,
}));
