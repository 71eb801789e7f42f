import { AppError, bearerSecurity, type HttpServer } from '@style-flow/platform';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { creditNotesOfInvoice, invoiceOfPayment } from '../data/invoice-repository.ts';
import { findPayment } from '../data/payment-repository.ts';
import { visiblePayment } from '../domain/payment-rights.ts';
import type { PaymentContext } from '../payment-context.ts';
import { invoiceFonts, renderInvoicePdf } from './invoice-pdf.ts';
import { IdParams, InvoiceView } from './schemas.ts';
import { invoiceView } from './views.ts';

/** Whether the client prefers a PDF to JSON (`Accept: application/pdf`), by the Accept header's q-values. */
function wantsPdf(request: FastifyRequest): boolean {
  const weights = new Map<string, number>();
  for (const part of (request.headers.accept ?? '').split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    weights.set(type, q === undefined ? 1 : Number(q));
  }
  const pdf = weights.get('application/pdf') ?? 0;
  return pdf > 0 && pdf >= (weights.get('application/json') ?? 0);
}

/** `font`: the PAYMENT_INVOICE_FONT file, if one is configured; otherwise the invoices use the shipped DejaVu Sans. */
export function registerInvoiceRoutes(app: HttpServer, ctx: PaymentContext, font: Buffer | null): void {
  const fonts = invoiceFonts(font);
  app.get(
    '/payments/:id/invoice',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags: ['invoices'],
        security: bearerSecurity,
        summary: 'The invoice of a payment with its credit notes, as JSON or, with Accept: application/pdf, a PDF',
        params: IdParams,
        response: {
          200: {
            description: 'the invoice',
            content: {
              'application/json': { schema: InvoiceView },
              'application/pdf': { schema: Type.String({ format: 'binary' }) }
            }
          }
        }
      }
    },
    async (request, reply) => {
      const { id } = request.params;
      const payment = visiblePayment(request.principal!, await findPayment(ctx.db, id), id);
      const invoice = await invoiceOfPayment(ctx.db, id);
      if (!invoice) throw new AppError('NOT_FOUND', `Payment ${id} has no invoice: it gets one when it completes.`);
      const creditNotes = await creditNotesOfInvoice(ctx.db, invoice.id);
      reply.header('vary', 'Accept');
      if (!wantsPdf(request)) return invoiceView(invoice, payment, creditNotes);
      const pdf = await renderInvoicePdf({ invoice, payment, creditNotes }, fonts);
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${invoice.number}.pdf"`)
          // A buffer is sent as it is; the route's typing knows only the JSON schema.
          .send(pdf as never)
      );
    }
  );
}
