// One form for every panel action whose input is a few fields. The server describes the form on GET
// (form-spec.ts: only the roles, organisations and rights the engine allows this user to give) and
// runs the service on POST; this component only renders, confirms and reports.
import React, { useEffect, useState } from 'react';
import { type ActionProps, useNotice } from 'adminjs';
import { Box, Button, CheckBox, H4, Input, Label, Loader, MessageBox, Text, TextArea } from '@adminjs/design-system';
import { useNavigate } from 'react-router-dom';
import type { FormField, FormResult, FormSpec, FormValues } from './form-spec.ts';
import ImpactSummary, { type Preview } from './ImpactSummary.tsx';
import { actionTarget, type Answer, callAction } from './panel-api.ts';

type FormData = { form?: FormSpec; result?: FormResult };

/** A DOM id for a field: combined names (`organizationId|roleId`) and nested ones (`scope.product`) become `gh-organizationId-roleId`. */
const fieldId = (name: string): string => `gh-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A date and time typed in the browser's own zone leaves as the instant it means (ISO, UTC); the server checks it. */
function sent(field: FormField, value: string | string[]): string | string[] {
  if (field.type !== 'datetime' || typeof value !== 'string' || value === '') return value;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : instant.toISOString();
}

/** What is sent: every field but the confirmations, which are checked here. */
function inputOf(form: FormSpec, values: FormValues): FormValues {
  const out: FormValues = {};
  for (const field of form.fields) if (!field.matches && values[field.name] !== undefined) out[field.name] = sent(field, values[field.name] as string | string[]);
  return out;
}

/** What the preview is asked with: the fields it takes (the change), not the rest of the form. */
function previewInputOf(form: FormSpec, values: FormValues): FormValues {
  const taken = new Set(form.preview?.fields ?? []);
  return Object.fromEntries(Object.entries(inputOf(form, values)).filter(([name]) => taken.has(name)));
}

function mismatch(form: FormSpec, values: FormValues): string | null {
  const field = form.fields.find((candidate) => candidate.matches && (values[candidate.name] ?? '') !== (values[candidate.matches] ?? ''));
  if (field) return `${field.label}: the two entries differ`;
  const unchosen = form.fields.find((candidate) => candidate.placeholder && !values[candidate.name]);
  return unchosen ? `${unchosen.label}: ${unchosen.placeholder?.toLowerCase()}` : null;
}

function initialValues(form: FormSpec): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    if (field.type === 'checkboxes') values[field.name] = [...((field.value as readonly string[] | undefined) ?? [])];
    else if (field.type === 'lines') values[field.name] = [...((field.value as readonly string[] | undefined) ?? [])];
    else if (typeof field.value === 'string') values[field.name] = field.value;
    else values[field.name] = field.placeholder ? '' : (field.options?.find((o) => !o.disabled)?.value ?? '');
  }
  return values;
}

function groupsOf(field: FormField): [string, FormField['options']][] {
  const groups = new Map<string, NonNullable<FormField['options']>[number][]>();
  for (const option of field.options ?? []) {
    const key = option.group ?? '';
    groups.set(key, [...(groups.get(key) ?? []), option]);
  }
  return [...groups.entries()];
}

function Field({ field, value, onChange }: { field: FormField; value: string | string[]; onChange: (value: string | string[]) => void }) {
  const id = fieldId(field.name);
  if (field.type === 'select') {
    return (
      <select id={id} name={field.name} value={value as string} onChange={(event) => onChange(event.target.value)} style={{ width: '100%', padding: 8 }}>
        {field.placeholder ? <option value="" disabled>{field.placeholder}</option> : null}
        {(field.options ?? []).map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.group ? `${option.group} — ` : ''}
            {option.label}
            {option.note ? ` (${option.note})` : ''}
          </option>
        ))}
      </select>
    );
  }
  if (field.type === 'checkboxes') {
    const chosen = new Set(value as string[]);
    return (
      <Box>
        {groupsOf(field).map(([group, options]) => (
          <Box key={group} mb="md">
            {group ? <Text fontWeight="bold">{group}</Text> : null}
            {(options ?? []).map((option) => (
              <Box key={option.value} flex alignItems="center" my="sm">
                <CheckBox
                  id={`${id}-${option.value}`}
                  name={field.name}
                  value={option.value}
                  checked={chosen.has(option.value)}
                  disabled={option.disabled}
                  onChange={() => {
                    const next = new Set(chosen);
                    if (next.has(option.value)) next.delete(option.value);
                    else next.add(option.value);
                    onChange([...next]);
                  }}
                />
                <Label inline htmlFor={`${id}-${option.value}`} ml="default">
                  {option.label}
                  {option.note ? ` — ${option.note}` : ''}
                </Label>
              </Box>
            ))}
          </Box>
        ))}
      </Box>
    );
  }
  if (field.type === 'textarea' || field.type === 'lines') {
    const text = field.type === 'lines' ? (value as string[]).join('\n') : (value as string);
    return (
      <TextArea
        id={id}
        name={field.name}
        width="100%"
        rows={4}
        value={text}
        onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
          onChange(field.type === 'lines' ? event.target.value.split('\n').map((line) => line.trim()).filter(Boolean) : event.target.value)
        }
      />
    );
  }
  return (
    <Input
      id={id}
      name={field.name}
      type={field.type === 'datetime' ? 'datetime-local' : field.type}
      width="100%"
      required={field.required}
      autoComplete={field.type === 'password' ? 'new-password' : 'off'}
      value={value as string}
      onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
    />
  );
}

export default function ActionForm(props: ActionProps) {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [form, setForm] = useState<FormSpec | null>(null);
  const [values, setValues] = useState<FormValues>({});
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<FormResult | null>(null);
  const [busy, setBusy] = useState(false);
  // R-POL-2: the preview of the values as they are now; any change of a value discards it.
  const [preview, setPreview] = useState<Preview | null>(null);

  const load = (chosen?: FormValues) =>
    callAction<FormData>(actionTarget(props), 'get', undefined, chosen).then((answer) => {
      if (answer.notice?.type === 'error') setError(answer.notice.message);
      if (answer.data?.form) {
        setForm(answer.data.form);
        setValues(initialValues(answer.data.form));
      }
    });

  useEffect(() => {
    void load();
  }, [props.action.name, props.record?.id]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!form || busy) return;
    const differs = mismatch(form, values);
    if (differs) {
      setError(differs);
      return;
    }
    if (form.preview && !preview) {
      setBusy(true);
      try {
        const asked = await callAction<{ view?: Preview }>({ ...actionTarget(props), actionName: form.preview.action }, 'post', previewInputOf(form, values));
        if (asked.notice?.type === 'error') setError(asked.notice.message);
        else if (asked.data?.view) {
          setError(null);
          setPreview(asked.data.view);
        }
      } finally {
        setBusy(false);
      }
      return;
    }
    if (form.confirm && !window.confirm(form.confirm)) return;
    setBusy(true);
    try {
      const input = preview ? { ...inputOf(form, values), previewVersion: preview.version } : inputOf(form, values);
      const answer: Answer<FormData> = await callAction<FormData>(actionTarget(props), 'post', input);
      if (answer.notice) addNotice(answer.notice);
      if (answer.notice?.type === 'error') {
        setError(answer.notice.message);
        return;
      }
      setError(null);
      if (answer.data?.result) setResult(answer.data.result);
      else if (answer.redirectUrl) navigate(answer.redirectUrl);
    } finally {
      setBusy(false);
    }
  };

  if (error && !form) return <MessageBox variant="danger" message={error} />;
  if (!form) return <Loader />;
  if (result) {
    return (
      <Box variant="container" data-testid="action-result">
        <H4>{result.title}</H4>
        {result.lines.map((line) => (
          <Text key={line} fontFamily="monospace" my="sm">
            {line}
          </Text>
        ))}
      </Box>
    );
  }
  return (
    <Box as="form" variant="container" onSubmit={submit} data-testid="action-form">
      {form.intro ? <Text mb="lg">{form.intro}</Text> : null}
      {error ? <MessageBox variant="danger" message={error} mb="lg" /> : null}
      {form.fields.filter((field) => field.type !== 'hidden').map((field) => (
        <Box key={field.name} mb="lg">
          <Label htmlFor={fieldId(field.name)} required={field.required}>
            {field.label}
          </Label>
          <Field
            field={field}
            value={values[field.name] ?? ''}
            onChange={(value) => {
              const next = { ...values, [field.name]: value };
              setValues(next);
              setPreview(null);
              if (field.reloads) void load(next);
            }}
          />
          {field.help ? <Text variant="sm" mt="sm" color="grey60">{field.help}</Text> : null}
        </Box>
      ))}
      {preview && form.preview ? <ImpactSummary preview={preview} holders={form.preview.holders} /> : null}
      <Button type="submit" variant={form.danger ? 'danger' : 'contained'} disabled={busy} data-testid="action-submit">
        {form.preview && !preview ? 'Preview the change' : form.submitLabel}
      </Button>
    </Box>
  );
}
