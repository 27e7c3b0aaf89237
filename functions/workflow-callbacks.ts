import { InvalidToken, SendTaskSuccessCommand, SFNClient, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import type { WorkflowCallbacks } from '#shared/scheduling/workflow-callbacks.ts';

/** Step Functions in AWS; on `npm start`, the local runner's callback endpoint (RELAY_LOCAL_CALLBACKS_URL). */
export function workflowCallbacks(): WorkflowCallbacks {
  const localUrl = process.env.RELAY_LOCAL_CALLBACKS_URL;
  return localUrl ? localWorkflowCallbacks(localUrl) : stepFunctionsCallbacks(new SFNClient({}));
}

export function stepFunctionsCallbacks(client: SFNClient): WorkflowCallbacks {
  return {
    async resume(taskToken, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
        return 'resumed';
      } catch (error) {
        // The state stopped waiting (timed out, or its execution ended): the caller decides what then.
        if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken)
          return 'gone';
        throw error;
      }
    },
  };
}

function localWorkflowCallbacks(url: string): WorkflowCallbacks {
  return {
    async resume(taskToken, output) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ taskToken, output }),
      });
      if (response.status === 404) return 'gone';
      if (!response.ok) throw new Error(`Local callback failed: ${response.status}`);
      return 'resumed';
    },
  };
}
