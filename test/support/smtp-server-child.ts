// A real SMTP server in a process of its own (the smtp-server package), for the mail tests. The
// parent sets how it behaves over IPC — 'refuse' (451 at RCPT TO), 'timeout' (takes the message and
// never answers), 'accept' — and is told of every attempt and every message accepted.
import { SMTPServer } from 'smtp-server';

type Mode = 'refuse' | 'timeout' | 'accept';
let mode: Mode = 'accept';

const send = (message: object) => process.send?.(message);

/** Quoted-printable bodies (nodemailer's choice for long lines) back to text. */
function decodeBody(raw: string): { subject: string; to: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  let body = raw.slice(split + 4);
  if (/^content-transfer-encoding:\s*quoted-printable/im.test(head)) {
    body = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(head)?.[1]?.replace(/\r\n[ \t]/g, ' ') ?? '';
  return { subject: header('subject'), to: header('to'), text: body.replace(/\r\n/g, '\n') };
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onRcptTo(address, _session, callback) {
    send({ event: 'attempt', mode, to: address.address });
    if (mode === 'refuse') {
      const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
      return callback(error);
    }
    callback();
  },
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      // 'timeout': the message arrived, the answer never comes; the client's socket timeout decides.
      if (mode === 'timeout') return;
      send({ event: 'message', ...decodeBody(Buffer.concat(chunks).toString('utf8')) });
      callback();
    });
  },
});

process.on('message', (message: { mode?: Mode }) => {
  if (message.mode) {
    mode = message.mode;
    send({ event: 'mode', mode });
  }
});

server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  send({ event: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});
