/* global document */
// The console's one script of its own (no inline script: the Content-Security-Policy allows none). It gives every
// htmx request the page's CSRF token as a header, read from <meta name="csrf-token">; plain form posts carry it as a
// hidden field instead, so everything works without this file.
document.addEventListener('htmx:configRequest', (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers['x-csrf-token'] = meta.getAttribute('content');
});
