// AdminJS renders each panel page's state with JSON.stringify into an inline <script>
// (adminjs/lib/frontend/layout-template.js): a name such as "</script><script>…" would end that
// script and start one of its own. Every panel page is rewritten on its way out:
//   - the serialised state (and theme) has <, >, & and U+2028/U+2029 written as \u escapes: the same
//     value for the page's JavaScript, and nothing the HTML parser can read as markup;
//   - each inline script carries this response's CSP nonce, so the policy allows those scripts and
//     no other inline script (no 'unsafe-inline');
//   - AdminJS's stylesheet link to Google Fonts is dropped: a panel must work offline and must not
//     tell a third party who opens it (the theme uses the system's fonts instead, plugin/admin.ts).
import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

const SERIALISED = ['window.REDUX_STATE = ', 'window.THEME = '];
const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;
const GOOGLE_FONTS_LINK = /<link rel="stylesheet" href="https:\/\/fonts\.googleapis\.com\/[^"]*" type="text\/css">\s*/g;

/** JSON text safe inside an HTML <script>: still valid JSON (and JavaScript) with the same value. */
export function scriptSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_SCRIPT, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The page with its serialised values made script-safe and its inline scripts nonced. JSON.stringify
 * never writes a raw line break, so each value ends at the first ";\n" after its start.
 */
export function hardenPage(html: string, nonce: string): string {
  let page = html;
  for (const start of SERIALISED) {
    const from = page.indexOf(start);
    if (from < 0) continue;
    const valueStart = from + start.length;
    const valueEnd = page.indexOf(';\n', valueStart);
    if (valueEnd < 0) continue;
    page = page.slice(0, valueStart) + scriptSafeJson(page.slice(valueStart, valueEnd)) + page.slice(valueEnd);
  }
  return page.replace(GOOGLE_FONTS_LINK, '').replaceAll('<script>', `<script nonce="${nonce}">`);
}

/** This response's nonce for inline scripts, made on first use. */
export function cspNonce(res: Response): string {
  const locals = res.locals as { cspNonce?: string };
  locals.cspNonce ??= randomBytes(16).toString('base64');
  return locals.cspNonce;
}

/** Hardens the HTML pages AdminJS renders (the panel and its sign-in page); JSON routes pass untouched. */
export function hardenedPanelPages(): RequestHandler {
  return (req, res, next) => {
    if (req.path.startsWith('/api/')) return next();
    const send = res.send.bind(res);
    res.send = ((body?: unknown) => send(typeof body === 'string' && body.includes(SERIALISED[0] as string) ? hardenPage(body, cspNonce(res)) : body)) as Response['send'];
    next();
  };
}
