/** Reports which environment variables it can see, as it loads and when invoked (least-privilege tests). */
const seenAtLoad = { EMAIL_FROM: process.env.EMAIL_FROM };

export const handler = async (event: { names: string[] }) => ({
  seenAtLoad,
  values: Object.fromEntries(event.names.map((name) => [name, process.env[name]])),
  present: event.names.filter((name) => name in process.env),
  listed: event.names.filter((name) => Object.keys(process.env).includes(name)),
});
