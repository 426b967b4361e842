// What makes every Gatehouse page look like one product, AdminJS's and the server-rendered ones
// alike, without asking any other server for anything: the system's own interface font and an
// inline icon.

/** The system's own interface font: nothing is fetched from a font service. */
export const SYSTEM_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** A small shield in the panel's primary colour, as a data URL so that the browser requests no icon. */
export const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2 4 6v9c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V6z" fill="#3040D6"/><path d="m11 16 4 4 7-8" stroke="#fff" stroke-width="3" fill="none"/></svg>',
)}`;
