import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every function is bundled: ESM, minified, the AWS SDK v3 bundled (tree-shaken) instead of
 * taken from the runtime, so what we measure is what we deploy. The benchmark bundles with the same
 * settings.
 */
export const lambdaBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  externalModules: [],
  // Some dependencies are CommonJS and call require(); ESM bundles need it defined.
  banner:
    "import { createRequire as relayCreateRequire } from 'node:module'; const require = relayCreateRequire(import.meta.url);",
};
