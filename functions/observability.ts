import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger for every handler, configured here once (level from POWERTOOLS_LOG_LEVEL).
 * We never log events or bodies: they carry emails, phones and IPs.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'relay' });
