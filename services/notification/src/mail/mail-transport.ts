import nodemailer from 'nodemailer';
import type { Attachment } from './attachments.ts';

export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: Attachment[];
}

/** Where drawn messages go: an SMTP server, or the development mailbox (the message row itself). */
export interface MailTransport {
  channel: 'smtp' | 'mailbox';
  /** The server's answer (`250 OK …`); throws what the server or the connection said otherwise. */
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

/** A failure as the worker treats it: a temporary one (4xx, no connection) is tried again, a 5xx never. */
export interface SmtpFailure {
  temporary: boolean;
  response: string;
}

/**
 * What an error of nodemailer means: the server's reply code when it gave one (4xx temporary, 5xx permanent, as
 * RFC 5321 §4.2.1 has it); without one the connection failed (refused, timed out, dropped), which is temporary.
 */
export function smtpFailure(error: unknown): SmtpFailure {
  const e = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const said = typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  const response = (code === null && typeof e.code === 'string' ? `${e.code}: ${said}` : said).slice(0, 1000);
  return { temporary: code === null || code < 500, response };
}

export function smtpTransport(url: string, from: string, connections: number): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: connections,
    // Bounded, so that a server that stops answering fails the try (and the claim's lease outlasts it).
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    channel: 'smtp',
    async send(mail) {
      const info = await transporter.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        attachments: mail.attachments
      });
      return String(info.response ?? 'accepted');
    },
    close: () => transporter.close()
  };
}

/** Without SMTP_URL: the message is kept, drawn, in its own row and listed at GET /notifications/mailbox. */
export function mailboxTransport(): MailTransport {
  return {
    channel: 'mailbox',
    send: async () => 'kept in the development mailbox',
    close: () => undefined
  };
}
