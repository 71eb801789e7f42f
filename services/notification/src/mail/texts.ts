// What each message says, in Russian and English. A message is a subject and paragraphs; a paragraph is text or a
// link. Values are put in as they are: the HTML rendering escapes them (see draw-html.ts), the plain text does not
// need to.

export type Locale = 'ru' | 'en';
export type Paragraph = string | { link: string };
export interface Text {
  subject: string;
  paragraphs: Paragraph[];
}

// An event's time is read by people going to it, so a message shows its wall clock in the event's own zone and names
// the zone, as the ticket and the console do (the instants themselves are UTC). The formatters are made once per
// language and zone: building one costs far more than using it.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterIn(locale: Locale, zone: string): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
      timeZone: zone,
      dateStyle: 'long',
      timeStyle: 'short'
    });
    formatters.set(key, format);
  }
  return format;
}

/**
 * The zone a message can show times in: the event's, or UTC for one this runtime does not know (a zone newer than
 * its time zone data). A message it could never draw would be tried again for ever; one in UTC says so.
 */
export function shownZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  try {
    formatterIn('en', zone);
    return zone;
  } catch {
    return 'UTC';
  }
}

const when = (locale: Locale, start: Date, end: Date, zone: string): string => {
  const shown = shownZone(zone);
  return `${formatterIn(locale, shown).formatRange(start, end)} ${shown}`;
};

export interface EventFacts {
  title: string;
  start: Date;
  end: Date;
  location: string | null;
  /** The IANA zone the event takes place in, where its times are shown. */
  zone: string;
}

const place = (locale: Locale, e: Pick<EventFacts, 'location'>) =>
  e.location ?? (locale === 'ru' ? 'уточняется' : 'to be announced');

function eventLines(locale: Locale, e: EventFacts): string[] {
  return locale === 'ru'
    ? [`Когда: ${when(locale, e.start, e.end, e.zone)}`, `Где: ${place(locale, e)}`]
    : [`When: ${when(locale, e.start, e.end, e.zone)}`, `Where: ${place(locale, e)}`];
}

export const texts = {
  welcome: (l: Locale, v: { name: string; appUrl: string }): Text =>
    l === 'ru'
      ? {
          subject: 'Добро пожаловать в Style Flow',
          paragraphs: [
            `Здравствуйте, ${v.name}!`,
            'Ваша учётная запись в Style Flow создана. Войти:',
            { link: v.appUrl }
          ]
        }
      : {
          subject: 'Welcome to Style Flow',
          paragraphs: [`Hello ${v.name},`, 'your Style Flow account is ready. Sign in at:', { link: v.appUrl }]
        },

  password_reset: (l: Locale, v: { link: string; expires: string }): Text =>
    l === 'ru'
      ? {
          subject: 'Сброс пароля Style Flow',
          paragraphs: [
            `Чтобы задать новый пароль, откройте ссылку (она действует один раз, до ${v.expires}):`,
            { link: v.link },
            'Если вы не просили сбросить пароль, ничего делать не нужно.'
          ]
        }
      : {
          subject: 'Reset your Style Flow password',
          paragraphs: [
            `To choose a new password, open this link (it works once, until ${v.expires}):`,
            { link: v.link },
            'If you did not ask to reset your password, you need not do anything.'
          ]
        },

  registration_confirmed: (l: Locale, e: EventFacts): Text =>
    l === 'ru'
      ? {
          subject: `Регистрация подтверждена: ${e.title}`,
          paragraphs: [
            `Вы зарегистрированы на «${e.title}».`,
            ...eventLines(l, e),
            'Билет во вложении (PDF с QR-кодом для входа), а файл .ics добавит событие в календарь.'
          ]
        }
      : {
          subject: `Registration confirmed: ${e.title}`,
          paragraphs: [
            `You are registered for “${e.title}”.`,
            ...eventLines(l, e),
            'Your ticket is attached (a PDF with the QR code for the door), and the .ics file adds it to your calendar.'
          ]
        },

  registration_waitlisted: (l: Locale, e: EventFacts): Text =>
    l === 'ru'
      ? {
          subject: `Лист ожидания: ${e.title}`,
          paragraphs: [
            `Свободных мест на «${e.title}» сейчас нет, и вы в листе ожидания.`,
            ...eventLines(l, e),
            'Мы напишем, как только для вас освободится место.'
          ]
        }
      : {
          subject: `Waiting list: ${e.title}`,
          paragraphs: [
            `“${e.title}” is full for now, and you are on its waiting list.`,
            ...eventLines(l, e),
            'We will write as soon as a seat is yours.'
          ]
        },

  registration_promoted: (l: Locale, e: EventFacts, seat: 'ticket' | 'confirmed' | 'unpaid'): Text =>
    l === 'ru'
      ? {
          subject: `Место освободилось: ${e.title}`,
          paragraphs: [
            `Для вас освободилось место на «${e.title}».`,
            ...eventLines(l, e),
            {
              ticket: 'Билет во вложении.',
              confirmed: 'Место за вами.',
              unpaid: 'Оплатите участие, чтобы место осталось за вами.'
            }[seat]
          ]
        }
      : {
          subject: `A seat is yours: ${e.title}`,
          paragraphs: [
            `A seat at “${e.title}” has come free for you.`,
            ...eventLines(l, e),
            {
              ticket: 'Your ticket is attached.',
              confirmed: 'The seat is yours.',
              unpaid: 'Pay for it to keep the seat.'
            }[seat]
          ]
        },

  hold_expired: (l: Locale, e: EventFacts): Text =>
    l === 'ru'
      ? {
          subject: `Бронь истекла: ${e.title}`,
          paragraphs: [
            `Оплата за «${e.title}» не поступила вовремя, и место освобождено.`,
            'Если места ещё есть, вы можете зарегистрироваться снова.'
          ]
        }
      : {
          subject: `Your hold ran out: ${e.title}`,
          paragraphs: [
            `The payment for “${e.title}” did not arrive in time, and the seat was released.`,
            'If seats are left, you can register again.'
          ]
        },

  payment_receipt: (l: Locale, v: { amount: string; description: string | null; invoice: string | null }): Text =>
    l === 'ru'
      ? {
          subject: v.invoice ? `Квитанция: счёт ${v.invoice}` : `Оплата получена: ${v.amount}`,
          paragraphs: [
            `Мы получили оплату ${v.amount}.`,
            ...(v.description ? [`Назначение: ${v.description}`] : []),
            ...(v.invoice ? [`Счёт ${v.invoice} во вложении.`] : [])
          ]
        }
      : {
          subject: v.invoice ? `Receipt: invoice ${v.invoice}` : `Payment received: ${v.amount}`,
          paragraphs: [
            `We received your payment of ${v.amount}.`,
            ...(v.description ? [`For: ${v.description}`] : []),
            ...(v.invoice ? [`Invoice ${v.invoice} is attached.`] : [])
          ]
        },

  payment_refund: (
    l: Locale,
    v: { amount: string; paymentId: number; reason: string | null; creditNote: string | null }
  ): Text =>
    l === 'ru'
      ? {
          subject: `Возврат ${v.amount}`,
          paragraphs: [
            `Мы вернули ${v.amount} по платежу №${v.paymentId}.`,
            ...(v.reason ? [`Причина: ${v.reason}`] : []),
            ...(v.creditNote ? [`Корректировочный документ ${v.creditNote} во вложении.`] : [])
          ]
        }
      : {
          subject: `Refund of ${v.amount}`,
          paragraphs: [
            `We refunded ${v.amount} of payment #${v.paymentId}.`,
            ...(v.reason ? [`Reason: ${v.reason}`] : []),
            ...(v.creditNote ? [`Credit note ${v.creditNote} is attached.`] : [])
          ]
        },

  event_changed: (l: Locale, e: EventFacts, before: EventFacts): Text =>
    l === 'ru'
      ? {
          subject: `Изменения: ${e.title}`,
          paragraphs: [
            `У «${e.title}» изменились время или место. Теперь:`,
            ...eventLines(l, e),
            `Раньше: ${when(l, before.start, before.end, before.zone)}, ${place(l, before)}.`
          ]
        }
      : {
          subject: `Changed: ${e.title}`,
          paragraphs: [
            `The time or place of “${e.title}” has changed. Now:`,
            ...eventLines(l, e),
            `Before: ${when(l, before.start, before.end, before.zone)}, ${place(l, before)}.`
          ]
        },

  event_cancelled: (l: Locale, e: EventFacts): Text =>
    l === 'ru'
      ? {
          subject: `Мероприятие отменено: ${e.title}`,
          paragraphs: [
            `«${e.title}» (${when(l, e.start, e.end, e.zone)}) отменено.`,
            'Если вы платили за участие, деньги вернутся сами.'
          ]
        }
      : {
          subject: `Cancelled: ${e.title}`,
          paragraphs: [
            `“${e.title}” (${when(l, e.start, e.end, e.zone)}) is cancelled.`,
            'If you paid for it, the money comes back by itself.'
          ]
        },

  webhook_disabled: (l: Locale, v: { id: number; url: string; reason: string }): Text =>
    l === 'ru'
      ? {
          subject: `Вебхук №${v.id} отключён`,
          paragraphs: [
            `Вебхук №${v.id} (${v.url}) отключён: ${v.reason}.`,
            'Проверьте получателя и включите вебхук снова (PUT /webhooks/{id} с "enabled": true); недоставленное можно повторить.'
          ]
        }
      : {
          subject: `Webhook #${v.id} disabled`,
          paragraphs: [
            `Webhook #${v.id} (${v.url}) is disabled: ${v.reason}.`,
            'Check the receiver and enable it again (PUT /webhooks/{id} with "enabled": true); what was not delivered can be replayed.'
          ]
        }
};
