// How the panel's components call their actions: one place that sends the session's CSRF token
// with every change (R-CSRF-2) and reads a refusal's answer. The server answers a refusal with its
// HTTP status and a problem document that carries the notice to show; axios rejects those, so they
// are turned back into an answer here instead of surfacing as a generic failure.
import { ApiClient } from 'adminjs';

const api = new ApiClient();

export interface Notice {
  readonly message: string;
  readonly type: 'success' | 'error' | 'info';
}

export interface Answer<D = Record<string, unknown>> {
  readonly data?: D;
  readonly notice?: Notice;
  readonly redirectUrl?: string;
}

export interface ActionTarget {
  readonly resourceId: string;
  readonly actionName: string;
  readonly recordId?: string | undefined;
}

/** Where the panel is mounted, as the server put it into the page state (for links outside AdminJS's router). */
export function panelRootPath(): string {
  const state = (globalThis as { REDUX_STATE?: { paths?: { rootPath?: string } } }).REDUX_STATE;
  return state?.paths?.rootPath ?? '/admin';
}

/** The token the server put into the page state for this session (never in a cookie JavaScript from elsewhere could read). */
export function csrfHeaders(): Record<string, string> {
  const state = (globalThis as { REDUX_STATE?: { session?: { csrfToken?: string } } }).REDUX_STATE;
  const token = state?.session?.csrfToken;
  return token ? { 'x-csrf-token': token } : {};
}

/**
 * POSTs a change of the session (JSON, with the CSRF token) and answers once the whole answer has
 * arrived. fetch resolves on the headers, but the session is saved while the answer is sent: its
 * last byte waits for the save. A page loaded on the headers alone could still find the session as
 * it was (the account chosen before, the impersonation just stopped).
 */
export async function postSessionChange(path: string, body: unknown): Promise<Response> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...csrfHeaders() },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response;
}

function answerOf<D>(error: unknown): Answer<D> {
  const data = (error as { response?: { data?: Answer<D> } }).response?.data;
  if (data && typeof data === 'object' && data.notice) return data;
  return { notice: { message: 'The request failed; check the connection and try again.', type: 'error' } };
}

/** GET the action's form (with the values chosen so far, for dependent choices), or POST its input. */
export async function callAction<D = Record<string, unknown>>(target: ActionTarget, method: 'get' | 'post', input?: unknown, values?: Record<string, unknown>): Promise<Answer<D>> {
  const data = method === 'post' ? { input: JSON.stringify(input ?? {}) } : undefined;
  const options = { headers: csrfHeaders(), ...(values ? { params: { values: JSON.stringify(values) } } : {}) };
  try {
    const response = target.recordId
      ? await api.recordAction({ resourceId: target.resourceId, recordId: target.recordId, actionName: target.actionName, data, ...options })
      : await api.resourceAction({ resourceId: target.resourceId, actionName: target.actionName, data, ...options });
    return response.data as Answer<D>;
  } catch (error) {
    return answerOf<D>(error);
  }
}

/** A page's handler (My profile): GET its data, or POST one of its forms. */
export async function callPage<D = Record<string, unknown>>(pageName: string, input?: unknown): Promise<Answer<D>> {
  try {
    const response = await api.getPage({ pageName, headers: csrfHeaders(), ...(input === undefined ? {} : { method: 'post', data: { input: JSON.stringify(input) } }) });
    return response.data as Answer<D>;
  } catch (error) {
    return answerOf<D>(error);
  }
}

/** The action of the page the component renders. */
export function actionTarget(props: { resource: { id: string }; action: { name: string }; record?: { id: string } | undefined }): ActionTarget {
  return { resourceId: props.resource.id, actionName: props.action.name, recordId: props.record?.id };
}
