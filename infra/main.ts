import { buildApp } from './app.ts';

// The CDK app's entry point (cdk.json runs this file).
buildApp().synth();
