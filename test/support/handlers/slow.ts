/** A Lambda handler that answers after `waitMs` of its event (default 200 ms): for the local integration timeout. */
export const handler = async (event: { waitMs?: number }) => {
  await new Promise((resolve) => setTimeout(resolve, event.waitMs ?? 200));
  return { statusCode: 200, body: 'late' };
};
