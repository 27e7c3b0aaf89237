/**
 * Resumes a workflow state that waits for a task token (Step Functions' SendTaskSuccess in AWS, the
 * local runner on `npm start`). `gone`: the state no longer waits (it timed out, or the execution ended).
 */
export interface WorkflowCallbacks {
  resume(taskToken: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'>;
}
