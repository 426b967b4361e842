// The shape of a form the server describes and ActionForm.tsx renders: one generic component for
// every action whose input is a few fields, so that what a form offers (the roles, organisations
// and rights the engine allows) is decided on the server, never in the browser.

export interface FieldOption {
  readonly value: string;
  readonly label: string;
  /** Options with a group are shown under its heading. */
  readonly group?: string;
  readonly disabled?: boolean;
  /** Why an option is disabled, shown beside it. */
  readonly note?: string;
}

export interface FormField {
  readonly name: string;
  readonly label: string;
  /**
   * `lines`: a textarea whose lines are sent as a list (IP allowlists); `datetime`: a date and time in
   * the browser's zone, sent as an ISO instant; `hidden`: a choice made for the person (the only
   * organisation there is), not shown but sent.
   */
  readonly type: 'text' | 'email' | 'password' | 'select' | 'checkboxes' | 'textarea' | 'lines' | 'datetime' | 'hidden';
  readonly options?: readonly FieldOption[];
  readonly value?: string | readonly string[];
  readonly required?: boolean;
  readonly help?: string;
  /** Changing it loads the form again with the new value (choices that depend on it). */
  readonly reloads?: boolean;
  /** A confirmation: must equal the named field; checked in the form, never sent. */
  readonly matches?: string;
  /** A select with nothing chosen at first: this text shows, and a choice is needed before sending. */
  readonly placeholder?: string;
}

export interface FormSpec {
  readonly intro?: string;
  readonly fields: readonly FormField[];
  readonly submitLabel: string;
  /** Asked before sending: destructive actions with a form confirm like guarded buttons do. */
  readonly confirm?: string;
  readonly danger?: boolean;
  /** Preview the change before saving it (R-POL-2): the preview action, the fields it takes, over whom. */
  readonly preview?: { readonly action: string; readonly fields: readonly string[]; readonly holders: string };
}

export type FormValues = Record<string, string | string[]>;

/** Lines to show after success (recovery codes, what was sent to whom), when the action has some. */
export interface FormResult {
  readonly title: string;
  readonly lines: readonly string[];
}
