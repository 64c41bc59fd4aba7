// Runs the official Backendless JS SDK (backendless@8.0.0) against a fakepush server.
//
// Usage: node driver.js SERVER_URL APP_ID API_KEY [path|domain] [DEVICE_ID] [registrations|table|delivery]
// (or FAKEPUSH_URL, FAKEPUSH_APP_ID, FAKEPUSH_API_KEY, FAKEPUSH_FORM, FAKEPUSH_DEVICE_ID,
// FAKEPUSH_SCENARIO).
// Prints one JSON object: for each SDK call, what it resolved with or rejected with.
'use strict'

const Backendless = require('backendless')

const [serverURL, appId, apiKey, form, deviceId] = [
  process.argv[2] || process.env.FAKEPUSH_URL,
  process.argv[3] || process.env.FAKEPUSH_APP_ID,
  process.argv[4] || process.env.FAKEPUSH_API_KEY,
  process.argv[5] || process.env.FAKEPUSH_FORM || 'path',
  process.argv[6] || process.env.FAKEPUSH_DEVICE_ID || 'js-device 1/x',
]
const scenario = process.argv[7] || process.env.FAKEPUSH_SCENARIO || 'registrations'

if (!serverURL || !appId || !apiKey) {
  console.error('usage: node driver.js SERVER_URL APP_ID API_KEY [path|domain] [DEVICE_ID]')
  process.exit(2)
}

async function outcome(call) {
  try {
    return { resolved: await call() }
  } catch (error) {
    return { rejected: { code: error.code, status: error.status, message: error.message } }
  }
}

// Publish, message status, cancel, push templates and channel deletion, as a backend
// using the SDK calls them (the templates are made through the fake beforehand).
async function delivery() {
  const { PublishOptions, DeliveryOptions } = Backendless.Messaging
  const results = { form, deviceId }
  results.register = await outcome(() =>
    Backendless.Messaging.registerDevice('fcm-token-d', ['news']))
  results.publishBroadcast = await outcome(() => Backendless.Messaging.publish(
    'news',
    'hello',
    new PublishOptions({ headers: { 'android-content-title': 'Title' }, publisherId: 'js' }),
    new DeliveryOptions({ pushBroadcast: 2 })))
  results.publishSinglecast = await outcome(() => Backendless.Messaging.publish(
    'news', 'just you', undefined, new DeliveryOptions({ pushSinglecast: [deviceId] })))
  results.publishScheduled = await outcome(() => Backendless.Messaging.publish(
    'news', 'later', undefined, new DeliveryOptions({ publishAt: new Date(Date.now() + 3600e3) })))
  const scheduledId = results.publishScheduled.resolved && results.publishScheduled.resolved.messageId
  results.statusScheduled = await outcome(() => Backendless.Messaging.getMessageStatus(scheduledId))
  results.cancel = await outcome(() => Backendless.Messaging.cancel(scheduledId))
  results.cancelAgain = await outcome(() => Backendless.Messaging.cancel(scheduledId))
  results.statusCancelled = await outcome(() => Backendless.Messaging.getMessageStatus(scheduledId))
  results.getPushTemplates = await outcome(() => Backendless.Messaging.getPushTemplates('android'))
  results.pushWithTemplate = await outcome(() =>
    Backendless.Messaging.pushWithTemplate('welcome', { name: 'Ann' }))
  results.deleteChannel = await outcome(() => Backendless.Messaging.deleteChannel('news'))
  results.deleteChannelAgain = await outcome(() => Backendless.Messaging.deleteChannel('news'))
  return results
}

// The DeviceRegistration data table, as cloud code and apps query it.
async function table() {
  const results = { form, deviceId }
  const store = Backendless.Data.of('DeviceRegistration')
  results.register = await outcome(() =>
    Backendless.Messaging.registerDevice('fcm-token-t', ['news', 'alerts']))
  results.findByToken = await outcome(() => store.find(
    Backendless.DataQueryBuilder.create()
      .setWhereClause("deviceToken = 'fcm-token-t' AND channelName IN ('news', 'alerts')")
      .setSortBy(['channelName DESC'])
      .setPageSize(50)))
  results.findOwned = await outcome(() => store.find(
    Backendless.DataQueryBuilder.create().setWhereClause("user.objectId = 'nobody'")))
  results.findBadClause = await outcome(() => store.find(
    Backendless.DataQueryBuilder.create().setWhereClause("deviceToken = 'unbalanced")))
  results.count = await outcome(() => store.getObjectCount("channelName = 'news'"))
  const first = results.findByToken.resolved && results.findByToken.resolved[0]
  const objectId = first && first.objectId
  results.findById = await outcome(() => store.findById(objectId))
  results.remove = await outcome(() => store.remove(objectId))
  results.findByIdAfterRemove = await outcome(() => store.findById(objectId))
  results.countAfterRemove = await outcome(() => store.getObjectCount())
  return results
}

async function main() {
  if (form === 'domain') {
    // One string is the custom-domain form: requests go to SERVER_URL/api/...
    Backendless.initApp(serverURL)
  } else {
    Backendless.initApp({ appId, apiKey, serverURL })
  }
  // initApp() forgets the device, so setupDevice must come after it.
  Backendless.setupDevice({ uuid: deviceId, platform: 'android', version: '14' })
  if (scenario === 'table') {
    return table()
  }
  if (scenario === 'delivery') {
    return delivery()
  }

  const results = { form, deviceId }
  results.registerWithChannels = await outcome(() =>
    Backendless.Messaging.registerDevice('fcm-token-1', ['news', 'alerts']))
  results.registerWithoutChannels = await outcome(() =>
    Backendless.Messaging.registerDevice('fcm-token-2'))
  // A Date is sent as seconds (getTime() / 1000): an expiration in 1970 for a server counting ms.
  results.registerWithDateExpiration = await outcome(() =>
    Backendless.Messaging.registerDevice('fcm-token-3', ['news'], new Date(Date.now() + 3600e3)))
  results.getRegistrations = await outcome(() => Backendless.Messaging.getRegistrations())
  results.unregisterDevice = await outcome(() => Backendless.Messaging.unregisterDevice())
  results.getRegistrationsAfterUnregister = await outcome(() =>
    Backendless.Messaging.getRegistrations())
  return results
}

main().then(
  (results) => {
    process.stdout.write(JSON.stringify(results) + '\n')
    process.exit(0)
  },
  (error) => {
    console.error(error && error.stack ? error.stack : String(error))
    process.exit(1)
  },
)
