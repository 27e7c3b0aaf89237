/** Sends one signed delivery over HTTP (the adapter resolves the host and refuses forbidden addresses). */
export interface WebhookTransport {
  post(
    url: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<{ statusCode: number } | { error: string; refused?: boolean }>;
}
