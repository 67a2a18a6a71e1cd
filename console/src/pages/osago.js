// OSAGO: the application form, the insurers' answers live over the socket (long poll as the fallback),
// accepting a quote (an order that pays it) and the policy it brings; earlier applications and policies.

import { get, post } from '../api.js';
import { announce, clear, errorBox, field, h, handleForm, showError, sleep, uuid } from '../dom.js';
import { formatDate, formatDateTime, formatMoney, reasonText, statusText } from '../format.js';
import * as socket from '../socket.js';
import { watchOrder } from './orders.js';

const VIN = /^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$/;
const LICENSE = /^[0-9A-Za-z\u0400-\u04FF ]{6,20}$/;

// the server names its cross-field checks after the check; show them next to the field they concern
const aliases = {
  'driver.adult': 'driver.birthDate',
  'driver.birthDateAfter1900': 'driver.birthDate',
  'driver.licenceAfterDrivingAge': 'driver.licenseIssuedAt',
  'vehicle.yearPlausible': 'vehicle.year',
};

function validate(values) {
  const errors = {};
  const year = Number(values['vehicle.year']);
  const hp = Number(values['vehicle.enginePowerHp']);
  if (!VIN.test(values['vehicle.vin'].trim())) errors['vehicle.vin'] = '17 letters and digits, without I, O or Q';
  if (!values['vehicle.make'].trim()) errors['vehicle.make'] = 'Enter the make';
  if (!values['vehicle.model'].trim()) errors['vehicle.model'] = 'Enter the model';
  if (!Number.isInteger(year) || year < 1950 || year > new Date().getFullYear() + 1) errors['vehicle.year'] = `A year from 1950 to ${new Date().getFullYear() + 1}`;
  if (!Number.isInteger(hp) || hp < 1 || hp > 2000) errors['vehicle.enginePowerHp'] = 'A whole number from 1 to 2000';
  if (!values['driver.fullName'].trim()) errors['driver.fullName'] = 'Enter the driver\'s full name';
  if (!values['driver.birthDate']) errors['driver.birthDate'] = 'Enter the birth date';
  if (!LICENSE.test(values['driver.licenseNumber'].trim())) errors['driver.licenseNumber'] = '6 to 20 letters, digits or spaces';
  if (!values['driver.licenseIssuedAt']) errors['driver.licenseIssuedAt'] = 'Enter the date the licence was issued';
  if (!values.region.trim()) errors.region = 'Enter the region';
  return errors;
}

function body(values) {
  return {
    vehicle: {
      vin: values['vehicle.vin'].trim().toUpperCase(),
      make: values['vehicle.make'].trim(),
      model: values['vehicle.model'].trim(),
      year: Number(values['vehicle.year']),
      enginePowerHp: Number(values['vehicle.enginePowerHp']),
    },
    driver: {
      fullName: values['driver.fullName'].trim(),
      birthDate: values['driver.birthDate'],
      licenseNumber: values['driver.licenseNumber'].trim(),
      licenseIssuedAt: values['driver.licenseIssuedAt'],
    },
    region: values.region.trim(),
  };
}

export function osagoPage(main) {
  let gone = false;
  let stopWatching = () => {};
  let current = null; // the application shown
  let accepting = false;

  const form = h('form', { class: 'card form', id: 'osago-form', novalidate: true },
    h('h2', {}, 'Request quotes'),
    h('fieldset', {}, h('legend', {}, 'Vehicle'),
      field({ label: 'VIN', name: 'vehicle.vin', required: true, maxlength: 17, autocomplete: 'off', hint: '17 characters, no I, O or Q' }),
      field({ label: 'Make', name: 'vehicle.make', required: true, maxlength: 64 }),
      field({ label: 'Model', name: 'vehicle.model', required: true, maxlength: 64 }),
      field({ label: 'Year', name: 'vehicle.year', required: true, inputmode: 'numeric', maxlength: 4 }),
      field({ label: 'Engine power, hp', name: 'vehicle.enginePowerHp', required: true, inputmode: 'numeric', maxlength: 4 })),
    h('fieldset', {}, h('legend', {}, 'Driver'),
      field({ label: 'Full name', name: 'driver.fullName', required: true, maxlength: 128, autocomplete: 'name' }),
      field({ label: 'Birth date', name: 'driver.birthDate', type: 'date', required: true }),
      field({ label: 'Licence number', name: 'driver.licenseNumber', required: true, maxlength: 20, hint: '6 to 20 letters, digits or spaces' }),
      field({ label: 'Licence issued on', name: 'driver.licenseIssuedAt', type: 'date', required: true })),
    field({ label: 'Region', name: 'region', required: true, maxlength: 64 }),
    errorBox(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Request quotes')));
  handleForm(form, {
    validate,
    aliases,
    submit: async (values) => {
      let created;
      try {
        created = await post('/api/v1/insurance/applications', body(values), { idempotencyKey: uuid() });
      } catch (error) {
        if (error.status === 429) {
          const seconds = error.retryAfter || 60;
          error.problem = { title: `You can request new quotes in ${seconds} seconds` };
        }
        throw error;
      }
      announce('Quotes requested; the insurers answer below as they come');
      show(created.applicationId, created.status);
      loadHistory();
    },
  });

  const view = h('section', { class: 'card', id: 'application', 'aria-labelledby': 'application-heading', hidden: true });
  const history = h('div', { id: 'application-history' });
  const policies = h('div', { id: 'policy-list' });
  const historyError = errorBox();

  // --- the application shown, kept live ---

  const heading = h('h2', { id: 'application-heading' }, 'Your quotes');
  const appStatus = h('p', { id: 'application-status' });
  const progressLabel = h('label', { for: 'application-progress', id: 'application-progress-label' }, 'Answers');
  const progress = h('progress', { id: 'application-progress', max: 1, value: 0 });
  const rows = h('tbody', { id: 'insurer-rows' });
  const viewError = errorBox();
  const acceptResult = h('div', { id: 'accept-result', 'aria-live': 'polite' });
  const rowState = new Map(); // insurer -> {tr, signature}
  clear(view, heading, appStatus,
    h('div', { class: 'progress' }, progressLabel, progress),
    h('div', { class: 'table-wrap' }, h('table', { id: 'insurers' },
      h('caption', { class: 'sr-only' }, 'Insurers and their answers'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Insurer'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col', class: 'num' }, 'Premium'),
        h('th', { scope: 'col', class: 'num' }, 'Attempts'), h('th', { scope: 'col' }, 'Action'))),
      rows)),
    viewError, acceptResult);

  function renderRow(insurer) {
    const signature = JSON.stringify([insurer.status, insurer.premium, insurer.attempts, insurer.error, accepting]);
    let state = rowState.get(insurer.insurer);
    if (!state) {
      state = { tr: h('tr', {}), signature: null };
      rowState.set(insurer.insurer, state);
    }
    const { tr } = state;
    tr.dataset.insurer = insurer.insurer;
    tr.dataset.status = insurer.status;
    if (state.signature === signature) return tr;
    state.signature = signature;
    let statusCell;
    if (insurer.status === 'QUOTED') statusCell = 'Quoted';
    else if (insurer.status === 'FAILED') statusCell = h('span', {}, 'Failed', insurer.error ? h('span', { class: 'reason' }, `: ${insurer.error}`) : null);
    else statusCell = h('span', {}, 'Waiting', h('span', { class: 'spinner', 'aria-hidden': 'true' }));
    clear(tr,
      h('th', { scope: 'row' }, insurer.insurer),
      h('td', { class: ['status', `status-${String(insurer.status).toLowerCase()}`] }, statusCell),
      h('td', { class: 'num premium', 'data-premium': insurer.premium ?? '' }, insurer.status === 'QUOTED' ? formatMoney(insurer.premium) : '—'),
      h('td', { class: 'num' }, String(insurer.attempts ?? 0)),
      h('td', {}, insurer.status === 'QUOTED'
        ? h('button', { type: 'button', class: 'accept', disabled: accepting, 'aria-label': `Accept ${insurer.insurer} for ${formatMoney(insurer.premium)}`, onclick: () => accept(insurer) }, 'Accept')
        : ''));
    return tr;
  }

  function renderApplication(app) {
    const insurers = app.insurers || [];
    const answered = insurers.filter((insurer) => insurer.status !== 'PENDING').length;
    view.hidden = false;
    view.dataset.status = app.status;
    appStatus.textContent = `Status: ${statusText(app.status)}${app.updatedAt ? ` (updated ${formatDateTime(app.updatedAt)})` : ''}`;
    progress.max = Math.max(1, insurers.length);
    progress.value = answered;
    progressLabel.textContent = `Answers: ${answered} of ${insurers.length}`;
    const wanted = insurers.map(renderRow);
    if (wanted.length !== rows.children.length || wanted.some((tr, i) => rows.children[i] !== tr)) clear(rows, wanted);
    if (!insurers.length) clear(rows, h('tr', {}, h('td', { colspan: 5 }, 'Asking the insurers…')));
  }

  function refreshRows() {
    if (current) renderApplication(current);
  }

  function show(applicationId, status) {
    stopWatching();
    rowState.clear();
    clear(rows);
    clear(acceptResult);
    showError(viewError, null);
    accepting = false;
    current = { applicationId, status: status || 'IN_PROGRESS', insurers: [] };
    renderApplication(current);
    view.scrollIntoView({ block: 'start' });
    stopWatching = watch(applicationId);
  }

  /** The socket topic first, one GET at once, and a long poll whenever the socket is not there. */
  function watch(applicationId) {
    let stopped = false;
    let polling = false;
    let announcedDone = false;
    const apply = (app) => {
      if (stopped || !app || app.applicationId !== applicationId) return;
      if (current?.updatedAt && app.updatedAt && new Date(app.updatedAt) < new Date(current.updatedAt)) return;
      current = app;
      renderApplication(app);
      if (app.status === 'COMPLETED' && !announcedDone) {
        announcedDone = true;
        const quoted = (app.insurers || []).filter((insurer) => insurer.status === 'QUOTED').length;
        announce(`All insurers answered: ${quoted} ${quoted === 1 ? 'quote' : 'quotes'}`);
        loadHistory();
      }
    };
    const longPoll = async () => {
      if (polling) return;
      polling = true;
      try {
        while (!stopped && current?.status !== 'COMPLETED') {
          const since = current?.updatedAt ? `?since=${encodeURIComponent(current.updatedAt)}` : '';
          try {
            apply(await get(`/api/v1/insurance/applications/${encodeURIComponent(applicationId)}${since}`));
          } catch (error) {
            if (error.status !== 0 && error.status !== 503) {
              showError(viewError, error);
              return;
            }
            await sleep(2000);
          }
        }
      } finally {
        polling = false;
      }
    };
    const stopTopic = socket.subscribe(`application:${applicationId}`, (frame) => {
      if (frame.type === 'event') apply(frame.payload);
      else if (frame.type === 'error') longPoll();
    });
    const stopState = socket.onState((open) => { if (!open) longPoll(); });
    (async () => {
      try {
        apply(await get(`/api/v1/insurance/applications/${encodeURIComponent(applicationId)}`));
      } catch (error) {
        showError(viewError, error);
      }
      await sleep(3000);
      if (!stopped && !socket.open()) longPoll();
    })();
    return () => {
      stopped = true;
      stopTopic();
      stopState();
    };
  }

  async function accept(insurer) {
    if (accepting || !current) return;
    accepting = true;
    refreshRows();
    showError(viewError, null);
    const applicationId = current.applicationId;
    const status = h('p', { id: 'accept-order' }, `Accepting ${insurer.insurer}…`);
    clear(acceptResult, status);
    try {
      const order = await post(`/api/v1/insurance/applications/${encodeURIComponent(applicationId)}/quotes/${encodeURIComponent(insurer.insurer)}/accept`, undefined, { idempotent: true });
      const describe = (o) => {
        status.dataset.status = o.status;
        status.textContent = `Order for ${formatMoney(o.price ?? insurer.premium)} (${insurer.insurer}): ${statusText(o.status)}${o.reason ? `. ${reasonText(o.reason)}` : ''}`;
      };
      describe(order);
      const final = order.status === 'PENDING' ? await watchOrder(order.orderId, describe, () => gone) : order;
      if (!final || gone) return;
      if (final.status === 'PAID') {
        announce('Paid; issuing the policy');
        await showPolicy(applicationId);
      } else if (final.status === 'REJECTED') {
        announce(`The order was rejected${final.reason ? `: ${reasonText(final.reason)}` : ''}`);
        accepting = false;
        refreshRows();
      }
    } catch (error) {
      accepting = false;
      refreshRows();
      clear(acceptResult);
      showError(viewError, error);
    }
  }

  async function showPolicy(applicationId) {
    const waiting = h('p', {}, 'Issuing the policy…');
    acceptResult.append(waiting);
    for (let attempt = 0; attempt < 20 && !gone; attempt += 1) {
      const found = ((await get('/api/v1/insurance/policies')) || []).find((policy) => policy.applicationId === applicationId);
      if (found) {
        waiting.replaceWith(h('div', { class: 'policy-issued', id: 'policy-issued' },
          h('h3', {}, 'Policy issued'),
          h('p', {}, 'Number ', h('strong', { id: 'policy-number' }, found.number), ` · ${found.insurer} · ${formatMoney(found.premium)}`),
          h('p', {}, `Valid from ${formatDate(found.validFrom)} to ${formatDate(found.validTo)}`)));
        announce(`Policy issued: number ${found.number}`);
        renderPolicies();
        return;
      }
      await sleep(1000);
    }
    waiting.textContent = 'The policy is on its way; it will appear in the list of policies below.';
  }

  // --- earlier applications and policies ---

  async function loadHistory() {
    showError(historyError, null);
    try {
      const apps = (await get('/api/v1/insurance/applications')) || [];
      if (gone) return;
      if (!apps.length) {
        clear(history, h('p', {}, 'No applications yet.'));
      } else {
        clear(history, h('div', { class: 'table-wrap' }, h('table', {},
          h('caption', { class: 'sr-only' }, 'Your applications, newest first'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Updated'), h('th', { scope: 'col' }, 'Status'),
            h('th', { scope: 'col' }, 'Quotes'), h('th', { scope: 'col', class: 'num' }, 'Best premium'), h('th', { scope: 'col' }, 'Action'))),
          h('tbody', {}, apps.map((app) => {
            const quotes = (app.insurers || []).filter((insurer) => insurer.status === 'QUOTED');
            const best = quotes.length ? Math.min(...quotes.map((insurer) => Number(insurer.premium))) : null;
            return h('tr', {},
              h('th', { scope: 'row' }, formatDateTime(app.updatedAt || app.createdAt)),
              h('td', {}, statusText(app.status)),
              h('td', {}, `${quotes.length} of ${(app.insurers || []).length}`),
              h('td', { class: 'num' }, best === null ? '—' : formatMoney(best)),
              h('td', {}, h('button', { type: 'button', onclick: () => show(app.applicationId, app.status) }, 'Show')));
          })))));
      }
    } catch (error) {
      showError(historyError, error);
    }
    await renderPolicies();
  }

  async function renderPolicies() {
    try {
      const list = (await get('/api/v1/insurance/policies')) || [];
      if (gone) return;
      clear(policies, list.length
        ? h('div', { class: 'table-wrap' }, h('table', {},
          h('caption', { class: 'sr-only' }, 'Your policies'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Number'), h('th', { scope: 'col' }, 'Insurer'),
            h('th', { scope: 'col', class: 'num' }, 'Premium'), h('th', { scope: 'col' }, 'Valid from'), h('th', { scope: 'col' }, 'Valid to'))),
          h('tbody', {}, list.map((policy) => h('tr', {},
            h('th', { scope: 'row' }, policy.number), h('td', {}, policy.insurer), h('td', { class: 'num' }, formatMoney(policy.premium)),
            h('td', {}, formatDate(policy.validFrom)), h('td', {}, formatDate(policy.validTo)))))))
        : h('p', {}, 'No policies yet.'));
    } catch (error) {
      showError(historyError, error);
    }
  }

  main.append(
    h('h1', {}, 'OSAGO'),
    h('p', { class: 'lead' }, 'Compulsory motor insurance: one form, quotes from every insurer, pick one.'),
    form, view,
    h('section', { class: 'card', 'aria-labelledby': 'history-heading' }, h('h2', { id: 'history-heading' }, 'Earlier applications'), historyError, history),
    h('section', { class: 'card', 'aria-labelledby': 'policies-heading' }, h('h2', { id: 'policies-heading' }, 'Policies'), policies));
  loadHistory();
  return () => {
    gone = true;
    stopWatching();
  };
}
