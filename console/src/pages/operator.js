// Operator: the event processors (refreshed every 2 s) with Replay, and the dead letters with Retry.

import { get, post } from '../api.js';
import { announce, clear, errorBox, h, showError } from '../dom.js';
import { formatDateTime } from '../format.js';

const REQUESTED_FOR_MS = 10_000;

export function operatorPage(main) {
  let gone = false;
  let timer = null;
  const rows = new Map(); // name -> {tr, cells, button}
  const requested = new Map(); // name -> when Replay was pressed, until the replay shows
  const body = h('tbody', { id: 'projection-rows' }, h('tr', {}, h('td', { colspan: 7 }, 'Loading…')));
  const projectionsError = errorBox();
  const letters = h('div', { id: 'dead-letters' });
  const lettersError = errorBox();
  const retryAll = h('button', { type: 'button', id: 'retry-all', onclick: retryEverything, hidden: true }, 'Retry all');

  function row(name) {
    let entry = rows.get(name);
    if (entry) return entry;
    const cells = {
      status: h('td', {}), position: h('td', { class: 'num' }), lag: h('td', { class: 'num' }),
      parked: h('td', { class: 'num' }), replay: h('td', { class: 'replay-state' }), action: h('td', {}),
    };
    const button = h('button', { type: 'button', class: 'replay', onclick: () => replay(name) }, 'Replay');
    const tr = h('tr', { 'data-name': name }, h('th', { scope: 'row' }, name),
      cells.status, cells.position, cells.lag, cells.parked, cells.replay, cells.action);
    entry = { tr, cells, button, replaySignature: null };
    rows.set(name, entry);
    return entry;
  }

  function update(projection) {
    const entry = row(projection.name);
    const { cells, button, tr } = entry;
    const since = requested.get(projection.name);
    if (projection.replaying || (since && Date.now() - since > REQUESTED_FOR_MS)) requested.delete(projection.name);
    const waiting = requested.has(projection.name);
    tr.dataset.replaying = String(Boolean(projection.replaying));
    cells.status.textContent = projection.status || '—';
    cells.position.textContent = `${projection.position ?? '—'} of ${projection.head ?? '—'}`;
    cells.lag.textContent = `${projection.lag ?? 0}${projection.lagSeconds !== undefined && projection.lagSeconds !== null ? ` (${projection.lagSeconds} s)` : ''}`;
    cells.parked.textContent = String(projection.parked ?? 0);
    const percent = projection.percent === undefined || projection.percent === null ? null : Math.max(0, Math.min(100, Number(projection.percent)));
    const signature = projection.replaying ? `replaying:${percent}` : waiting ? 'requested' : 'idle';
    if (signature !== entry.replaySignature) {
      entry.replaySignature = signature;
      if (projection.replaying) {
        const id = `progress-${projection.name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
        const text = percent === null ? 'Replaying' : `Replaying ${Math.round(percent)}%`;
        clear(cells.replay, h('label', { for: id, class: 'replay-label' }, text),
          percent === null ? h('progress', { id }) : h('progress', { id, max: 100, value: percent }));
      } else {
        cells.replay.textContent = waiting ? 'Replay requested…' : 'Idle';
      }
    }
    button.disabled = Boolean(projection.replaying) || waiting;
    if (projection.replayable) {
      if (button.parentNode !== cells.action) clear(cells.action, button);
    } else if (cells.action.textContent !== 'Not replayable') {
      clear(cells.action, h('span', { class: 'meta' }, 'Not replayable'));
    }
    return tr;
  }

  async function loadProjections() {
    try {
      const list = (await get('/api/v1/admin/projections')) || [];
      if (gone) return;
      showError(projectionsError, null);
      const wanted = list.map(update);
      if (wanted.length !== body.children.length || wanted.some((tr, i) => body.children[i] !== tr)) clear(body, wanted);
    } catch (error) {
      showError(projectionsError, error.status === 403 ? 'Only operators may see this page' : error);
    }
  }

  async function replay(name) {
    const entry = rows.get(name);
    entry.button.disabled = true;
    showError(projectionsError, null);
    try {
      await post(`/api/v1/admin/projections/${encodeURIComponent(name)}/replay`);
      requested.set(name, Date.now());
      announce(`Replay of ${name} started`);
    } catch (error) {
      entry.button.disabled = false;
      if (error.status === 409) showError(projectionsError, `${name} cannot be replayed: ${error.problem.detail || error.problem.title || 'it has side effects'}`);
      else showError(projectionsError, error);
    }
    await loadProjections();
  }

  async function loadLetters() {
    try {
      const list = (await get('/api/v1/admin/dead-letters')) || [];
      if (gone) return;
      showError(lettersError, null);
      retryAll.hidden = !list.length;
      const focusedId = document.activeElement?.dataset?.letterId;
      clear(letters, list.length
        ? h('div', { class: 'table-wrap' }, h('table', { id: 'dead-letter-table' },
          h('caption', { class: 'sr-only' }, 'Parked events'),
          h('thead', {}, h('tr', {}, ['Event', 'Group', 'Sequence', 'Aggregate', 'Cause', 'Parked', 'Attempts', 'Action']
            .map((text) => h('th', { scope: 'col' }, text)))),
          h('tbody', {}, list.map((letter) => h('tr', {},
            h('th', { scope: 'row' }, letter.eventType), h('td', {}, letter.group), h('td', { class: 'num' }, String(letter.sequence)),
            h('td', { class: 'mono' }, letter.aggregateId), h('td', {}, letter.cause), h('td', {}, formatDateTime(letter.parkedAt)),
            h('td', { class: 'num' }, String(letter.attempts)),
            h('td', {}, h('button', { type: 'button', 'data-letter-id': letter.id, 'aria-label': `Retry ${letter.eventType} ${letter.sequence}`, onclick: (event) => retry(letter.id, event.currentTarget) }, 'Retry')))))))
        : h('p', {}, 'No parked events.'));
      if (focusedId) letters.querySelector(`[data-letter-id="${CSS.escape(focusedId)}"]`)?.focus();
    } catch (error) {
      showError(lettersError, error.status === 403 ? null : error);
    }
  }

  async function retry(id, button) {
    button.disabled = true;
    try {
      await post(`/api/v1/admin/dead-letters/${encodeURIComponent(id)}/retry`);
      announce('Retry requested');
    } catch (error) {
      showError(lettersError, error);
    }
    loadLetters();
  }

  async function retryEverything() {
    retryAll.disabled = true;
    try {
      await post('/api/v1/admin/dead-letters/retry');
      announce('Retry of every parked event requested');
    } catch (error) {
      showError(lettersError, error);
    } finally {
      retryAll.disabled = false;
    }
    loadLetters();
  }

  async function tick() {
    await Promise.all([loadProjections(), loadLetters()]);
    if (!gone) timer = setTimeout(tick, 2000);
  }

  main.append(h('h1', {}, 'Operator'),
    h('section', { class: 'card', 'aria-labelledby': 'projections-heading' },
      h('h2', { id: 'projections-heading' }, 'Event processors'),
      h('p', { class: 'meta' }, 'Refreshed every 2 seconds.'),
      projectionsError,
      h('div', { class: 'table-wrap' }, h('table', { id: 'projections' },
        h('caption', { class: 'sr-only' }, 'Event processors, their position and lag'),
        h('thead', {}, h('tr', {}, ['Name', 'Status', 'Position', 'Lag', 'Parked', 'Replay', 'Action']
          .map((text) => h('th', { scope: 'col' }, text)))),
        body))),
    h('section', { class: 'card', 'aria-labelledby': 'letters-heading' },
      h('h2', { id: 'letters-heading' }, 'Dead letters'), lettersError, h('div', { class: 'actions' }, retryAll), letters));
  tick();
  return () => {
    gone = true;
    clearTimeout(timer);
  };
}
