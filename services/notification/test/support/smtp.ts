// A real SMTP server for the tests (smtp-server), reading what arrives with mailparser. It asks for the login in
// SMTP_URL, and answers each message as the test decides: accept it, or refuse it with a code (421 then 250, 550).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  /** SMTP_URL for the service: smtp://user:pass@127.0.0.1:port */
  url: string;
  received: ParsedMail[];
  /** Mail received for an address (any case). */
  to(address: string): ParsedMail[];
  /** How to answer a message for an address: null accepts it; a code refuses it (4xx temporary, 5xx permanent). */
  answer: (to: string, tries: number) => number | null;
  /** Messages refused so far, by address. */
  refused: Map<string, number>;
  /** How long the server takes to answer a message (a slow server keeps messages under way). */
  delayMs: number;
  stop(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const refused = new Map<string, number>();
  const tries = new Map<string, number>();
  const state: Pick<TestSmtp, 'answer' | 'delayMs'> = { answer: () => null, delayMs: 0 };
  const server = new SMTPServer({
    logger: false,
    // Stopping waits this long for clients to leave, then closes their connections.
    closeTimeout: 1000,
    // The service speaks STARTTLS when offered (nodemailer's default); this server offers none, so the login goes in
    // the clear over loopback, which it must then allow.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 's3cret-pass') return callback(null, { user: 'mailer' });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(',');
      const n = (tries.get(to) ?? 0) + 1;
      tries.set(to, n);
      const code = state.answer(to, n);
      simpleParser(stream).then(
        async (mail) => {
          if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
          if (code !== null) {
            refused.set(to, (refused.get(to) ?? 0) + 1);
            const error = Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), {
              responseCode: code
            });
            return callback(error);
          }
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error)
      );
    }
  });
  // A client that dies mid-message (the fault tests SIGKILL the service) resets its connection: that is the test's
  // doing, not the server failing.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  const smtp: TestSmtp = {
    url: `smtp://mailer:s3cret-pass@127.0.0.1:${port}`,
    received,
    refused,
    to: (address) =>
      received.filter((m) =>
        [m.to]
          .flat()
          .flatMap((a) => a?.value ?? [])
          .some((v) => v.address?.toLowerCase() === address.toLowerCase())
      ),
    get answer() {
      return state.answer;
    },
    set answer(fn) {
      state.answer = fn;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms) {
      state.delayMs = ms;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
  return smtp;
}
