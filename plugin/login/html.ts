// Tiny server-rendered pages for the sign-in steps AdminJS has no screen for (the code, the TOTP
// enrolment, the recovery codes). Styled after AdminJS's own login box so the step feels native;
// no script, no bundle, and every value is escaped.
import { FAVICON, SYSTEM_FONT } from '../brand.ts';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f6f7fb;
font-family:${SYSTEM_FONT};color:#0c1e29;font-size:14px}
.box{display:flex;width:820px;max-width:96vw;background:#fff;box-shadow:0 15px 24px 0 rgba(137,138,154,.15);min-height:440px}
.side{width:380px;background:#4268f6;color:#fff;padding:40px;display:flex;flex-direction:column;justify-content:center}
.side h2{font-weight:300;font-size:28px;margin:0 0 16px}.side p{line-height:1.6;opacity:.9}
.main{flex:1;padding:40px 48px}.main h3{font-weight:400;font-size:20px;margin:0 0 24px}
label{display:block;font-size:12px;text-transform:uppercase;letter-spacing:.05em;margin:16px 0 6px;color:#454655}
input[type=text]{width:100%;padding:10px 12px;border:1px solid #c0c0ca;font-size:16px;letter-spacing:.15em}
input[type=text]:focus{outline:none;border-color:#4268f6}
button{margin-top:24px;background:#4268f6;color:#fff;border:0;padding:10px 24px;font-size:14px;cursor:pointer}
button.link{background:none;color:#4268f6;padding:0;margin-top:16px;text-decoration:underline}
.error{background:#ffe5e5;color:#c20012;padding:10px 12px;margin-bottom:16px}
.note{color:#454655;line-height:1.5}.qr{display:block;margin:12px 0;border:1px solid #eeeeef}
code,.codes{font-family:'Roboto Mono',Menlo,monospace}.secret{word-break:break-all;background:#f6f7fb;padding:6px 8px;display:inline-block}
.codes{columns:2;padding:12px 16px;background:#f6f7fb;list-style:none;margin:12px 0}.codes li{padding:3px 0}
a.button{display:inline-block;margin-top:24px;background:#4268f6;color:#fff;padding:10px 24px;text-decoration:none}
`;

export function page(input: { title: string; productName: string; sideText: string; body: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(input.title)} — ${escapeHtml(input.productName)}</title><link rel="icon" href="${FAVICON}"><style>${STYLE}</style></head>
<body><div class="box"><section class="side"><h2>${escapeHtml(input.productName)}</h2><p>${escapeHtml(input.sideText)}</p></section>
<section class="main"><h3>${escapeHtml(input.title)}</h3>${input.body}</section></div></body></html>`;
}
