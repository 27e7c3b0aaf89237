// The floor for init-time figures: a handler that imports nothing.
export const handler = async () => ({ statusCode: 204 });
