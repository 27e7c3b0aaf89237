import type { IncomingMessage, ServerResponse } from 'node:http';
import { appSecrets } from '#functions/secrets.ts';
import type { Dependencies } from '#functions/dependencies.ts';
import { issueFormToken } from '#shared/forms/form.service.ts';
import { demoIds } from './seed.ts';

/**
 * A sample landing page (GET /demo) whose plain HTML forms post to the local form endpoint, the way
 * a customer's site would: the lead form, and beside it the support form, which opens a ticket. The hidden
 * tokens are rendered by the server, so no script is needed.
 */
export function demoPage(deps: Dependencies) {
  return async (_request: IncomingMessage, response: ServerResponse, url: URL) => {
    const form = await deps.forms.get(demoIds.form);
    if (!form) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('No demo form: start with `npm start -- --seed`.');
      return;
    }
    const secrets = await appSecrets();
    const { token } = await issueFormToken(deps, form.id, secrets);
    const supportForm = await deps.forms.get(demoIds.supportForm);
    const supportToken = supportForm ? (await issueFormToken(deps, supportForm.id, secrets)).token : undefined;
    const thanks = url.searchParams.get('thanks');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Relay demo — Get the guide</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.6rem 0}input[type=text],input[type=email],input[type=tel],textarea{width:100%;padding:.4rem}.hp{position:absolute;left:-9999px}.thanks{background:#e6ffed;padding:1rem}</style></head>
<body><main>
<h1>Get the 2027 CRM automation guide</h1>
${thanks === 'support' ? '<p class="thanks" id="thanks">Thanks! We have your request and will answer by email.</p>' : thanks !== null ? '<p class="thanks" id="thanks">Thanks! Your guide is on its way.</p>' : ''}
<form method="post" action="/forms/${form.id}/submissions" id="lead-form">
  <label>Work email <input type="email" name="email" required></label>
  <label>First name <input type="text" name="first_name"></label>
  <label>Last name <input type="text" name="last_name"></label>
  <label>Company <input type="text" name="company"></label>
  <label>Role <input type="text" name="role"></label>
  <label class="hp" aria-hidden="true">Leave empty <input type="text" name="${form.honeypotField}" tabindex="-1" autocomplete="off"></label>
  <input type="hidden" name="_relay_token" value="${token}">
  <label><input type="checkbox" name="newsletter" value="yes"> ${form.consent?.text ?? ''}</label>
  <button type="submit">Send me the guide</button>
</form>
${
  supportForm && supportToken
    ? `<h2>Need help?</h2>
<form method="post" action="/forms/${supportForm.id}/submissions" id="support-form">
  <label>Your name <input type="text" name="name"></label>
  <label>Email <input type="email" name="email" required></label>
  <label>Phone <input type="tel" name="phone"></label>
  <label>Order number <input type="text" name="order"></label>
  <label>Subject <input type="text" name="subject" required></label>
  <label>How can we help? <textarea name="message" rows="5" required></textarea></label>
  <label class="hp" aria-hidden="true">Leave empty <input type="text" name="${supportForm.honeypotField}" tabindex="-1" autocomplete="off"></label>
  <input type="hidden" name="_relay_token" value="${supportToken}">
  <button type="submit">Send my request</button>
</form>`
    : ''
}
</main></body></html>`);
  };
}
