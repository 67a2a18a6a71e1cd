// A small DOM builder and the shared ways of telling the user things (status region, errors, forms).

/**
 * h('p', {class: 'x', onclick: fn}, 'text', child) builds an element. Attributes starting with "on"
 * become listeners; `null`/`false` attributes and children are skipped; arrays of children are flattened.
 */
export function h(tag, attrs = {}, ...children) {
  const element = tag === 'svg' || attrs?.svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag)
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false || name === 'svg') continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'value' && 'value' in element && !(element instanceof SVGElement)) {
      element.value = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

let toastTimer;

/** Says something in the polite live region (status messages, toasts, live updates). */
export function announce(text) {
  const region = document.getElementById('status');
  if (!region) return;
  region.textContent = '';
  // a fresh text node after a tick is announced even when the same text repeats
  setTimeout(() => {
    region.textContent = text;
    region.classList.add('visible');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => region.classList.remove('visible'), 5000);
  }, 30);
}

const GENERIC_TITLES = new Set(['bad request', 'unauthorized', 'forbidden', 'not found', 'conflict', 'gone',
  'unprocessable entity', 'unprocessable content', 'too many requests', 'internal server error', 'service unavailable']);

/** Words for a failure: the problem's title and detail, never a raw code. */
export function problemText(error) {
  if (!error) return 'Something went wrong';
  if (error.status === 0) return 'The server cannot be reached';
  const problem = error.problem || {};
  const title = problem.title || error.message || 'Something went wrong';
  const detail = problem.detail && problem.detail !== title ? problem.detail : '';
  // a title that only repeats the HTTP status ("Bad Request") says less than the detail
  if (detail && GENERIC_TITLES.has(title.toLowerCase())) return detail;
  return detail ? `${title}: ${detail}` : title;
}

/** The problem's field messages as [{field, message}], from `errors` (list or map) or `fields`. */
export function fieldErrors(error) {
  const problem = error?.problem || {};
  const out = [];
  for (const source of [problem.errors, problem.fields]) {
    if (Array.isArray(source)) {
      for (const item of source) {
        if (item && typeof item === 'object') out.push({ field: item.field || item.name || item.pointer || '', message: item.message || item.detail || item.reason || 'is not valid' });
      }
    } else if (source && typeof source === 'object') {
      for (const [field, message] of Object.entries(source)) out.push({ field, message: String(message) });
    }
  }
  return out;
}

/** A box for a failure: role="alert", so screen readers say it at once. */
export function errorBox() {
  return h('div', { class: 'error', role: 'alert', hidden: true });
}

export function showError(box, error) {
  if (!error) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  box.textContent = typeof error === 'string' ? error : problemText(error);
  box.hidden = false;
}

/** A labelled input with its own error line, returned as the wrapping element. */
export function field({ label, name, type = 'text', required = false, hint, ...rest }) {
  const id = `f-${name.replace(/[^a-zA-Z0-9]/g, '-')}`;
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  const input = type === 'textarea'
    ? h('textarea', { id, name, required, 'aria-describedby': describedBy, ...rest })
    : h('input', { id, name, type, required, 'aria-describedby': describedBy, ...rest });
  return h('div', { class: 'field' },
    h('label', { for: id }, label, required ? null : h('span', { class: 'optional' }, ' (optional)')),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    input,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

/** Puts a message next to the named field (or returns false when the form has no such field). */
export function setFieldError(form, name, message) {
  const input = form.elements.namedItem(name)
    || [...form.elements].find((element) => element.name && (element.name.endsWith(`.${name}`) || name.startsWith(`${element.name}.`) || name.endsWith(`.${element.name}`)));
  if (!input || !input.id) return false;
  const line = document.getElementById(`${input.id}-error`);
  if (!line) return false;
  line.textContent = message;
  line.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  return true;
}

export function clearFieldErrors(form) {
  for (const line of form.querySelectorAll('.field-error')) {
    line.textContent = '';
    line.hidden = true;
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

/**
 * Runs `submit(values)` on submit, with the button disabled meanwhile; failures go next to their
 * fields and into the form's alert box. `validate(values)` may return {field: message} first.
 */
export function handleForm(form, { submit, validate, box, aliases = {} }) {
  const alert = box || form.querySelector('.error') || form.appendChild(errorBox());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    showError(alert, null);
    const values = Object.fromEntries(new FormData(form).entries());
    const invalid = validate ? validate(values) : null;
    if (invalid && Object.keys(invalid).length) {
      for (const [name, message] of Object.entries(invalid)) setFieldError(form, name, message);
      showError(alert, 'Please correct the marked fields');
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    const buttons = [...form.querySelectorAll('button[type="submit"], button:not([type])')];
    buttons.forEach((button) => { button.disabled = true; });
    form.setAttribute('aria-busy', 'true');
    try {
      await submit(values, form);
    } catch (error) {
      const unplaced = [];
      for (const { field: name, message } of fieldErrors(error)) {
        if (!setFieldError(form, aliases[name] || name, message)) unplaced.push(message);
      }
      showError(alert, [problemText(error), ...unplaced].join('. '));
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
