/** The key of one campaign email: one per enrollment run and step (`campaign:<campaign>:<contact>:<run>:<step>`). */
export const campaignMessageKey = (
  enrollment: { campaignId: string; contactId: string; run: number },
  stepId: string,
) => `campaign:${enrollment.campaignId}:${enrollment.contactId}:${enrollment.run}:${stepId}`;

/** The parts of a campaign message key; undefined for any other key. Step ids and ULIDs hold no ':'. */
export function campaignMessageKeyParts(
  messageKey: string,
): { campaignId: string; contactId: string; run: number; stepId: string } | undefined {
  const [prefix, campaignId, contactId, run, stepId, ...rest] = messageKey.split(':');
  if (prefix !== 'campaign' || !campaignId || !contactId || !stepId || rest.length > 0) return undefined;
  const runNumber = Number(run);
  return Number.isInteger(runNumber) && runNumber > 0 ? { campaignId, contactId, run: runNumber, stepId } : undefined;
}
