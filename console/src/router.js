// Hash routing: '#/chats/<id>' -> the page registered for '/chats/:id'. The server needs no fallback routes.

const routes = [];
let current = null;
let guard = () => null;

export function route(pattern, page) {
  const names = [];
  const regex = new RegExp(`^${pattern.replace(/:([a-zA-Z]+)/g, (_, name) => { names.push(name); return '([^/]+)'; })}$`);
  routes.push({ regex, names, page });
}

/** `check(page)` may return another hash to go to instead (e.g. the sign-in page). */
export function setGuard(check) {
  guard = check;
}

export function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

export function currentPath() {
  return (location.hash || '#/').slice(1) || '/';
}

function match(path) {
  for (const { regex, names, page } of routes) {
    const found = regex.exec(path);
    if (found) {
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
      return { page, params };
    }
  }
  return null;
}

export async function render() {
  const path = currentPath();
  const found = match(path) || match('/');
  const redirect = guard(found.page, path);
  if (redirect && redirect !== location.hash) {
    location.replace(redirect);
    return;
  }
  if (current?.cleanup) {
    try { current.cleanup(); } catch (error) { console.error(error); }
  }
  const main = document.getElementById('main');
  main.replaceChildren();
  document.title = `${found.page.title} · PolicyHub`;
  current = { path };
  const cleanup = await found.page.render(main, found.params);
  if (current.path === path) current.cleanup = cleanup;
  else if (typeof cleanup === 'function') cleanup();
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
  window.dispatchEvent(new CustomEvent('routechange', { detail: { path } }));
}

export function start() {
  window.addEventListener('hashchange', render);
  return render();
}
