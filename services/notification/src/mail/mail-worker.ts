import type { Component, Database, Logger } from '@style-flow/platform';
import type { DocumentFonts } from '@style-flow/platform/documents';
import {
  claimDueMessages,
  markFailedTry,
  markSent,
  markSkipped,
  nextMessageDue,
  postpone,
  type MessageRow
} from '../data/message-repository.ts';
import type { NotificationSettings } from '../notification-config.ts';
import { createWorkLoop } from '../work-loop.ts';
import { drawMessage } from './draw-message.ts';
import { smtpFailure, type MailTransport } from './mail-transport.ts';

export interface MailWorker extends Component {
  /** Something was queued here: look now rather than at the next poll. */
  wake(): void;
}

const HOUR = 3_600_000;

/**
 * Sends due messages: claims a batch (SKIP LOCKED, leased), draws each from its fact and the copies, sends it, and
 * writes down what the server said. A temporary failure is tried again after a doubling wait (at most an hour
 * apart, for MAIL_GIVE_UP_AFTER_MS from when it was queued); a permanent one fails the message.
 *
 * SMTP cannot take part in the database's transaction: a process killed after the server accepted a message and
 * before its row says so sends it again once its claim's lease ends — at least once, never lost. Every row keeps one
 * Message-ID for all its tries, so a receiving system can drop that second copy.
 */
export function createMailWorker(deps: {
  db: Database;
  logger: Logger;
  settings: NotificationSettings;
  transport: MailTransport;
  fonts: DocumentFonts;
}): MailWorker {
  const { db, settings, transport } = deps;
  const log = deps.logger.child({ component: 'mail-worker', channel: transport.channel });
  const domain = /@([^>\s]+)>?$/.exec(settings.mailFrom)?.[1] ?? 'style-flow.local';

  async function deliver(m: MessageRow): Promise<void> {
    const drawing = await drawMessage({ db, settings, fonts: deps.fonts }, m);
    if (drawing.kind === 'skip') return markSkipped(db, m.id, drawing.to, drawing.reason);
    if (drawing.kind === 'wait') {
      if (Date.now() - m.created_at.getTime() > settings.mailGiveUpAfterMs)
        return markFailedTry(db, m.id, `gave up waiting: ${drawing.reason}`, null, null);
      // Copies come within moments as a rule: look again soon, then less often the longer one is missing.
      const age = Date.now() - m.created_at.getTime();
      const wait = Math.min(Math.max(age / 2, Math.min(settings.mailRetryBaseMs, 1000)), 300_000);
      return postpone(db, m.id, drawing.reason, new Date(Date.now() + wait));
    }
    const sent = { to: drawing.to, locale: drawing.locale, subject: drawing.subject };
    try {
      const response = await transport.send({ ...drawing, messageId: `<message-${m.id}.${m.fact_id}@${domain}>` });
      const kept = transport.channel === 'mailbox';
      await markSent(db, m.id, transport.channel, response, {
        ...sent,
        text: kept ? drawing.text : null,
        html: kept ? drawing.html : null,
        attachments: drawing.attachments.map((a) => a.filename)
      });
    } catch (error) {
      const failure = smtpFailure(error);
      const retryAt = new Date(Date.now() + Math.min(HOUR, settings.mailRetryBaseMs * 2 ** Math.min(m.attempts, 20)));
      const within = retryAt.getTime() - m.created_at.getTime() <= settings.mailGiveUpAfterMs;
      const again = failure.temporary && within ? retryAt : null;
      log.warn(
        { messageId: m.id, type: m.type, attempts: m.attempts + 1, response: failure.response, retryAt: again },
        again ? 'a message was not accepted; trying again later' : 'a message failed for good'
      );
      await markFailedTry(db, m.id, failure.response, again, sent);
    }
  }

  async function round(): Promise<boolean> {
    // A few rounds' worth at once, worked through by MAIL_CONCURRENCY lanes: one claim for many rows.
    const batch = await claimDueMessages(db, settings.mailConcurrency * 4, settings.claimLeaseMs);
    let next = 0;
    const lane = async () => {
      for (let m = batch[next++]; m; m = batch[next++])
        await deliver(m).catch((error: unknown) => {
          // Drawing or writing down failed (not the server): the claim's lease lets the row be tried again.
          log.error({ err: error, messageId: m!.id, type: m!.type }, 'a message could not be processed');
        });
    };
    await Promise.all(Array.from({ length: settings.mailConcurrency }, lane));
    return batch.length > 0;
  }

  const loop = createWorkLoop({
    name: 'mail-worker',
    logger: log,
    pollIntervalMs: settings.pollIntervalMs,
    round,
    nextDue: () => nextMessageDue(db),
    onStop: () => transport.close()
  });
  return loop;
}
