/**
 * Imported before the `undici` package (see transport.ts): touching `globalThis.Headers` loads Node's
 * own fetch stack, which registers its global dispatcher. Otherwise importing the undici package would
 * register ITS Agent as the process-wide dispatcher (undici/lib/global.js does so at load when none is
 * set), silently changing how every global `fetch` in the process behaves — e.g. refusing requests that
 * carry a `connection` header, which Node's own fetch accepts.
 */
void globalThis.Headers;
