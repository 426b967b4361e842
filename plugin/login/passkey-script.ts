// The one script of the server-rendered second-step page (R-PASSKEY-2): @simplewebauthn/browser's
// own prebuilt bundle, served from this site (the page's policy allows only its own scripts, and
// nothing is fetched from another host), followed by the few lines that wire the "Use a passkey"
// button to POST /auth/mfa/passkey/options and POST /auth/mfa/passkey. Read once, on first use.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where the second-step page loads it from, under the mount path. */
export const PASSKEY_SCRIPT_PATH = '/login/passkey.js';

// The button carries its URLs (data-options, data-answer, data-done); errors are shown in words.
const WIRING = `
(function () {
  var button = document.getElementById('use-passkey');
  var notice = document.getElementById('passkey-error');
  if (!button || !notice) return;
  function show(message) { notice.textContent = message; notice.hidden = false; }
  function post(url, body) {
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) throw new Error(data.detail || 'The passkey was not accepted.');
          return data;
        });
      });
  }
  button.addEventListener('click', function () {
    button.disabled = true;
    notice.hidden = true;
    post(button.dataset.options)
      .then(function (started) { return SimpleWebAuthnBrowser.startAuthentication({ optionsJSON: started.options }); })
      .then(function (response) { return post(button.dataset.answer, { response: response }); })
      .then(function () { window.location.assign(button.dataset.done); })
      .catch(function (error) {
        show(error && error.name === 'NotAllowedError' ? 'No passkey was used. Try again, or enter the code instead.' : (error && error.message) || 'The passkey was not accepted.');
        button.disabled = false;
      });
  });
})();
`;

let script: string | null = null;

export function passkeyScript(): string {
  if (script === null) {
    // The package's entry lies in script/ or esm/; its prebuilt browser bundle beside them in dist/bundle/.
    const entry = createRequire(import.meta.url).resolve('@simplewebauthn/browser');
    const bundle = readFileSync(join(dirname(entry), '..', 'dist', 'bundle', 'index.umd.min.js'), 'utf8');
    script = `${bundle}\n${WIRING}`;
  }
  return script;
}
