// The panel's second sign-in page: the code form for TOTP or e-mail, the QR code and secret when
// an authenticator must be enrolled first (R-MFA-3), and the recovery codes once after enrolment.
// Where the user has a passkey, "Use a passkey" answers the step instead (R-PASSKEY-2): the page's
// only script, served from this site (passkey-script.ts).
import type { SecondFactorChallenge } from '../../src/auth/second-factor.ts';
import { escapeHtml, page } from './html.ts';

export interface PageContext {
  readonly productName: string;
  readonly action: string;
  readonly loginPath: string;
  /** Set when the user has a passkey: where the button asks for options, sends the answer, goes after, and the script. */
  readonly passkey?: { readonly options: string; readonly answer: string; readonly done: string; readonly script: string };
}

function passkeyChoice(ctx: PageContext): string {
  if (!ctx.passkey) return '';
  const { options, answer, done, script } = ctx.passkey;
  return `<p class="note">Use one of your passkeys, or enter the code below.</p>
<button type="button" id="use-passkey" data-options="${escapeHtml(options)}" data-answer="${escapeHtml(answer)}" data-done="${escapeHtml(done)}">Use a passkey</button>
<div class="error" id="passkey-error" role="alert" style="margin-top:16px" hidden></div>
<script src="${escapeHtml(script)}" defer></script>`;
}

function codeForm(ctx: PageContext, challenge: SecondFactorChallenge): string {
  const label = challenge.method === 'EMAIL' ? 'Code from the e-mail' : 'Code from your authenticator app';
  const resend =
    challenge.method === 'EMAIL'
      ? `<form method="post" action="${escapeHtml(ctx.action)}"><input type="hidden" name="resend" value="1"><button class="link" type="submit">Send a new code</button></form>`
      : '';
  const recovery =
    challenge.method === 'TOTP' && !challenge.enrol
      ? `<details><summary class="note" style="margin-top:16px;cursor:pointer">Use a recovery code instead</summary>
<form method="post" action="${escapeHtml(ctx.action)}"><label for="recoveryCode">Recovery code</label>
<input type="text" id="recoveryCode" name="recoveryCode" autocomplete="off" spellcheck="false"><button type="submit">Sign in</button></form></details>`
      : '';
  return `<form method="post" action="${escapeHtml(ctx.action)}"><label for="code">${label}</label>
<input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" autofocus required>
<button type="submit">${challenge.enrol ? 'Confirm and sign in' : 'Sign in'}</button></form>${resend}${recovery}
<p class="note" style="margin-top:24px"><a href="${escapeHtml(ctx.loginPath)}">Start again</a></p>`;
}

export function secondFactorPage(ctx: PageContext, challenge: SecondFactorChallenge, errorMessage: string | null): string {
  const error = errorMessage ? `<div class="error" role="alert">${escapeHtml(errorMessage)}</div>` : '';
  let intro: string;
  if (challenge.method === 'TOTP' && challenge.enrol && challenge.totp) {
    intro = `<p class="note">Your account needs an authenticator app. Scan this code with it (or type the key), then enter the six digits it shows.</p>
<img class="qr" src="${escapeHtml(challenge.totp.qrDataUrl)}" width="180" height="180" alt="QR code of the authenticator key">
<p class="note">Key: <code class="secret">${escapeHtml(challenge.totp.secret)}</code></p>`;
  } else if (challenge.method === 'EMAIL') {
    intro = `<p class="note">We sent a six-digit code to ${escapeHtml(challenge.sentTo ?? 'your e-mail address')}. It is valid for 10 minutes.</p>`;
  } else {
    intro = '<p class="note">Enter the six-digit code your authenticator app shows now.</p>';
  }
  return page({
    title: challenge.enrol ? 'Set up your second factor' : 'Second step',
    productName: ctx.productName,
    sideText: 'Your password was right. One more step proves it is you.',
    body: `${error}${passkeyChoice(ctx)}${intro}${codeForm(ctx, challenge)}`,
  });
}

export function recoveryCodesPage(ctx: { productName: string; continueTo: string }, codes: readonly string[]): string {
  return page({
    title: 'Your recovery codes',
    productName: ctx.productName,
    sideText: 'You are signed in. Keep these codes: they are shown only now.',
    body: `<p class="note">Each code signs you in once if you lose your authenticator. Print them or keep them in a password manager; they will not be shown again.</p>
<ul class="codes">${codes.map((code) => `<li>${escapeHtml(code)}</li>`).join('')}</ul>
<a class="button" href="${escapeHtml(ctx.continueTo)}">I have saved them — continue</a>`,
  });
}

/** GET /logout: signing out is a POST (R-CSRF-2), so the link AdminJS shows lands on this button. */
export function signOutPage(ctx: { productName: string; action: string; csrfToken: string; backTo: string }): string {
  return page({
    title: 'Sign out',
    productName: ctx.productName,
    sideText: 'Signing out ends this session on this browser.',
    body: `<form method="post" action="${escapeHtml(ctx.action)}"><input type="hidden" name="csrfToken" value="${escapeHtml(ctx.csrfToken)}">
<button type="submit" data-testid="sign-out">Sign out</button></form>
<p class="note"><a href="${escapeHtml(ctx.backTo)}">Back to the panel</a></p>`,
  });
}
