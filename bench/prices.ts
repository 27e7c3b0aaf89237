/**
 * AWS list prices, us-east-1, as used by the cost model. Read from the AWS pricing pages as known on
 * 2026-11-22; this machine has no internet, so they were not re-fetched. Check them before quoting.
 */
export const prices = {
  readAt: '2026-11-22',
  region: 'us-east-1',
  apiGatewayHttpPerMillionRequests: 1.0,
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  dynamoDbOnDemandPerMillionWriteUnits: 0.625,
  dynamoDbOnDemandPerMillionReadUnits: 0.125,
  eventBridgePerMillionCustomEvents: 1.0,
  sesPerThousandEmails: 0.1,
  stepFunctionsStandardPerThousandTransitions: 0.025,
  stepFunctionsExpressPerMillionRequests: 1.0,
  stepFunctionsExpressPerGbSecond: 0.00001667,
  eventBridgeSchedulerPerMillionInvocations: 1.0,
} as const;
