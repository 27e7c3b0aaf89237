// autocannon ships no types; this declares the part of its programmatic API the load test uses.
declare module 'autocannon' {
  interface RawRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  interface RequestStep<C> {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    setupRequest?: (request: RawRequest, context: C) => RawRequest;
    onResponse?: (status: number, body: string, context: C, headers: Record<string, string>) => void;
  }
  interface Options<C> {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    requests?: RequestStep<C>[];
  }
  interface Histogram {
    p50: number;
    p99: number;
    max: number;
    average: number;
  }
  interface Result {
    requests: { total: number; average: number };
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '1xx': number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
    duration: number;
  }
  export default function autocannon<C = Record<string, unknown>>(options: Options<C>): Promise<Result>;
}
