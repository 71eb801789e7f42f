// Reading a ticket's QR code off the screen, as a steward's phone would: a picture of the image the page shows,
// decoded with jsQR.
import jsqr from 'jsqr';
import type { Locator } from 'playwright-core';
import { PNG } from 'pngjs';

export async function readQr(image: Locator): Promise<string> {
  const png = PNG.sync.read(await image.screenshot());
  // jsqr is a CommonJS module whose function is also its `default`, the export its types declare.
  const code = jsqr.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
  if (!code) throw new Error('no QR code could be read off the ticket page');
  return code;
}
