/** A task handler that returns `bytes` characters of output: for Step Functions' 256 KiB state limit. */
export const handler = async (event: { bytes: number }) => ({ text: 'x'.repeat(event.bytes) });
