// Where the REST API sits in Gatehouse's router, for the steps that treat its calls apart (the
// headers, the session, the impersonation check) without importing the API itself.

/** Where the REST API is mounted in Gatehouse's router. */
export const API_PATH = '/api/v1';

/** A request the API's handlers will take, matched as Express matches the mount path (any case). */
export function isApiCall(path: string): boolean {
  return /^\/api\/v1(?:\/|$)/i.test(path);
}
