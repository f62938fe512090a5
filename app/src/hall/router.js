// Banshi's page router: links and GET forms swap the page in place instead
// of loading a new document (docs/architecture.md, "Navigation without
// reloads"). Written after Leptos 0.8's islands router (its fetches carry
// the same `Islands-Router: true` header), with what the hall needs on top:
// the submitter's value, POST and multipart forms left to the browser,
// same-page anchors left alone, focus moved to the new heading and the
// change announced, scroll kept per history entry, and a full navigation
// whenever the fetch fails (offline, 5xx), so the service worker can answer.
// Without JavaScript none of this runs and every link and form works as is.
(() => {
  if (!window.fetch || !window.DOMParser || !history.pushState) return;

  let navigation = 0;
  // Path and query of the page on screen: a history step that only changes
  // the fragment (the skip link) is the browser's business.
  let shown = location.pathname + location.search;
  history.scrollRestoration = "manual";
  if (!history.state || !history.state.banshi) {
    history.replaceState({ banshi: true, y: window.scrollY }, "");
  }

  // Islands on the first page are hydrated by Leptos' own script.
  for (const island of document.querySelectorAll("leptos-island")) {
    island.$$hydrated = true;
  }

  // The polite live region that reads out each new page; it is kept when
  // the body is swapped (data-router-keep).
  const announcer = document.createElement("div");
  announcer.id = "route-announcer";
  announcer.className = "sr-only";
  announcer.setAttribute("aria-live", "polite");
  announcer.setAttribute("aria-atomic", "true");
  announcer.setAttribute("data-router-keep", "");
  document.body.appendChild(announcer);

  let saving = 0;
  window.addEventListener("scroll", () => {
    clearTimeout(saving);
    saving = setTimeout(() => {
      history.replaceState({ ...(history.state || {}), banshi: true, y: window.scrollY }, "");
    }, 150);
  }, { passive: true });

  // Pages of the hall only: not the API, server functions, built files,
  // downloads (a name with an extension) or other sites.
  function routable(url) {
    if (url.origin !== location.origin) return false;
    const path = url.pathname;
    if (/^\/(api|sfn|pkg)\//.test(path)) return false;
    const last = path.slice(path.lastIndexOf("/") + 1);
    return !last.includes(".");
  }

  function samePage(url) {
    return url.pathname === location.pathname && url.search === location.search;
  }

  // Until the WASM hydrates the menu island (which then removes `hidden`
  // from its button), the folded phone menu opens from here.
  window.addEventListener("click", (ev) => {
    const toggle = ev.target instanceof Element ? ev.target.closest("button.menu-toggle[hidden]") : null;
    const nav = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!nav) return;
    const open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });

  window.addEventListener("click", (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) {
      return;
    }
    const a = ev.target instanceof Element ? ev.target.closest("a[href]") : null;
    if (!a || !(a instanceof HTMLAnchorElement)) return;
    if ((a.target && a.target !== "_self") || a.hasAttribute("download")) return;
    if (/\bexternal\b/.test(a.rel) || a.hasAttribute("data-reload")) return;
    const url = new URL(a.href, location.href);
    if (!routable(url) || (url.hash && samePage(url))) return;
    ev.preventDefault();
    go(url, true);
  });

  window.addEventListener("submit", (ev) => {
    if (ev.defaultPrevented) return;
    const form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    const by = ev.submitter;
    const attr = (name) => (by && by.hasAttribute("form" + name) ? by.getAttribute("form" + name) : form.getAttribute(name));
    // POST forms change things (the language, the session, a case): their
    // answer is a new document, as without JavaScript.
    if ((attr("method") || "get").toLowerCase() !== "get") return;
    const target = attr("target");
    if ((target && target !== "_self") || form.hasAttribute("data-reload")) return;
    const url = new URL(by && by.hasAttribute("formaction") ? by.formAction : form.action, location.href);
    let data;
    try {
      data = new FormData(form, by || undefined);
    } catch (_) {
      data = new FormData(form);
      if (by && by.name) data.append(by.name, by.value);
    }
    const params = new URLSearchParams();
    for (const [name, value] of data) {
      params.append(name, typeof value === "string" ? value : value.name);
    }
    url.search = params.toString();
    url.hash = "";
    if (!routable(url)) return;
    ev.preventDefault();
    go(url, true);
  });

  window.addEventListener("popstate", () => {
    const url = new URL(location.href);
    if (url.pathname + url.search === shown) return;
    go(url, false, (history.state && history.state.y) || 0);
  });

  // Fetches the page and swaps it in; on any failure, navigates for real.
  async function go(url, push, y) {
    const mine = ++navigation;
    document.documentElement.setAttribute("aria-busy", "true");
    let res;
    let html;
    try {
      res = await fetch(url.href, {
        headers: { "Islands-Router": "true", Accept: "text/html" },
        credentials: "same-origin",
      });
      const type = res.headers.get("content-type") || "";
      if (res.status >= 500 || !type.startsWith("text/html")) throw new Error("status " + res.status);
      html = await res.text();
    } catch (_) {
      if (mine === navigation) {
        if (push) location.assign(url.href);
        else location.reload();
      }
      return;
    }
    if (mine !== navigation) return;
    const doc = new DOMParser().parseFromString(html, "text/html");
    if (!doc.querySelector("main")) {
      if (push) location.assign(url.href);
      else location.reload();
      return;
    }
    const final = new URL(res.redirected ? res.url : url.href);
    if (!res.redirected) final.hash = url.hash;
    if (push && final.href !== location.href) {
      history.replaceState({ ...(history.state || {}), banshi: true, y: window.scrollY }, "");
      history.pushState({ banshi: true, y: 0 }, "", final.href);
    } else if (push || res.redirected) {
      history.replaceState({ banshi: true, y: 0 }, "", final.href);
    }
    shown = final.pathname + final.search;
    swap(doc);
    document.documentElement.removeAttribute("aria-busy");
    const anchor = final.hash && document.getElementById(decodeURIComponent(final.hash.slice(1)));
    if (anchor) anchor.scrollIntoView();
    else window.scrollTo(0, push ? 0 : y || 0);
    focusAndAnnounce(anchor);
    for (const toggle of document.querySelectorAll("button.menu-toggle[hidden][aria-expanded='true']")) {
      toggle.click();
    }
    window.__banshiRoutes = (window.__banshiRoutes || 0) + 1;
    // For islands that stay across pages (the menu folds itself away).
    window.dispatchEvent(new CustomEvent("banshi:navigated", { detail: { url: final.href } }));
  }

  function syncAttributes(old, fresh) {
    for (const { name } of [...old.attributes]) {
      if (!fresh.hasAttribute(name)) old.removeAttribute(name);
    }
    for (const { name, value } of fresh.attributes) {
      if (old.getAttribute(name) !== value) old.setAttribute(name, value);
    }
  }

  function islandKey(el) {
    return el.dataset.component + "\u0000" + (el.dataset.props || "");
  }

  // The new body replaces the old one, except that an island on both pages
  // with the same props stays as it is (its state, its listeners) and only
  // takes the new server-rendered content of its children.
  function swap(doc) {
    document.title = doc.title;
    syncAttributes(document.documentElement, doc.documentElement);
    // Set by the script in <head> of the first page (the swapped-in page's
    // never ran).
    document.documentElement.classList.add("js");
    syncAttributes(document.body, doc.body);
    const waiting = new Map();
    for (const el of document.body.querySelectorAll("leptos-island")) {
      const key = islandKey(el);
      if (!waiting.has(key)) waiting.set(key, []);
      waiting.get(key).push(el);
    }
    const fresh = document.createDocumentFragment();
    for (const node of [...doc.body.childNodes]) fresh.appendChild(document.adoptNode(node));
    for (const el of [...fresh.querySelectorAll("leptos-island")]) {
      if (!fresh.contains(el)) continue;
      const old = (waiting.get(islandKey(el)) || []).shift();
      if (!old) continue;
      const oldChildren = old.querySelectorAll("leptos-children");
      const newChildren = el.querySelectorAll("leptos-children");
      oldChildren.forEach((c, i) => {
        if (newChildren[i]) c.replaceChildren(...newChildren[i].childNodes);
      });
      el.replaceWith(old);
    }
    const keep = [...document.body.querySelectorAll(":scope > [data-router-keep]")];
    for (const node of [...document.body.childNodes]) {
      if (!keep.includes(node)) node.remove();
    }
    document.body.insertBefore(fresh, keep[0] || null);
    const hydrate = window.__hydrateIsland;
    for (const el of document.querySelectorAll("leptos-island")) {
      if (el.$$hydrated) continue;
      el.$$hydrated = true;
      // Before the WASM has loaded, Leptos' script hydrates the whole body.
      if (hydrate) {
        try {
          Promise.resolve(hydrate(el, el.dataset.component)).catch((e) => console.error(e));
        } catch (e) {
          console.error(e);
        }
      }
    }
  }

  function focusAndAnnounce(anchor) {
    const main = document.querySelector("main");
    // A link to a question ("change" on check your answers) lands on it; a
    // page that shows errors starts at its error summary.
    const field = anchor && anchor.matches && anchor.matches("input, select, textarea") ? anchor : null;
    const heading =
      field || (main && (main.querySelector(".error-summary[tabindex]") || main.querySelector("h1"))) || main;
    if (heading) {
      if (!field && !heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    announcer.textContent = "";
    setTimeout(() => {
      announcer.textContent = document.title;
    }, 60);
  }
})();
