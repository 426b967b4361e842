// The parent side of smtp-server-child.ts: start it, switch its behaviour, read what it received.
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type SmtpMode = 'refuse' | 'timeout' | 'accept';

export interface ReceivedMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface SmtpServerProcess {
  readonly url: string;
  /** RCPT TO commands seen, with the mode the server was in. */
  readonly attempts: { readonly mode: SmtpMode; readonly to: string }[];
  readonly received: ReceivedMail[];
  setMode(mode: SmtpMode): Promise<void>;
  /**
   * Resolves once every report the server sent so far has arrived. It reports a message over IPC
   * beside its SMTP answer, so the mailer may see "accepted" first; a round trip on the (ordered)
   * IPC channel is the barrier.
   */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

type Event = { event: 'listening'; port: number } | { event: 'attempt'; mode: SmtpMode; to: string } | ({ event: 'message' } & ReceivedMail) | { event: 'mode'; mode: SmtpMode };

export async function startSmtpServer(): Promise<SmtpServerProcess> {
  const child: ChildProcess = fork(join(dirname(fileURLToPath(import.meta.url)), 'smtp-server-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const attempts: SmtpServerProcess['attempts'] = [];
  const received: ReceivedMail[] = [];
  const waiters: ((event: Event) => void)[] = [];
  child.on('message', (event: Event) => {
    if (event.event === 'attempt') attempts.push({ mode: event.mode, to: event.to });
    if (event.event === 'message') received.push({ to: event.to, subject: event.subject, text: event.text });
    for (const waiter of waiters.splice(0)) waiter(event);
  });
  const next = (kind: Event['event']) =>
    new Promise<Event>((resolve, reject) => {
      const listen = (event: Event) => (event.event === kind ? resolve(event) : waiters.push(listen));
      waiters.push(listen);
      child.once('exit', (code) => reject(new Error(`SMTP server process exited (${code})`)));
    });
  const listening = (await next('listening')) as { port: number };
  let current: SmtpMode = 'accept';
  const setMode = async (mode: SmtpMode) => {
    const changed = next('mode');
    child.send({ mode });
    await changed;
    current = mode;
  };
  return {
    url: `smtp://127.0.0.1:${listening.port}`,
    attempts,
    received,
    setMode,
    settled: () => setMode(current),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
