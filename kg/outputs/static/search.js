// The search box of the site's home page: finds resources by any of their names in the index that
// search-index.js holds (window.HAMKORI_SEARCH: [page, kind, label, aliases] for each resource),
// in this page, without a server; the index is a classic script so that it loads from file:// too.
(function () {
  "use strict";
  const index = window.HAMKORI_SEARCH || [];
  const input = document.getElementById("site-search-input");
  const list = document.getElementById("site-search-results");
  const LIMIT = 25;

  // Lower case, without accents: "Khujand" finds "Khŭjand".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  const names = index.map(([, , label, aliases]) => [label, ...aliases].map((name) => [name, fold(name)]));

  function search(text) {
    const needle = fold(text.trim());
    if (!needle) return [];
    const found = [];
    index.forEach((entry, i) => {
      let best = null;
      for (const [name, folded] of names[i]) {
        const at = folded.indexOf(needle);
        if (at < 0) continue;
        const rank = folded === needle ? 0 : at === 0 ? 1 : 2; // whole name, start of a name, inside
        if (best === null || rank < best[0]) best = [rank, name];
      }
      if (best) found.push({ rank: best[0], matched: best[1], page: entry[0], kind: entry[1], label: entry[2] });
    });
    found.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label) || a.page.localeCompare(b.page));
    return found;
  }

  function show() {
    const found = search(input.value);
    list.replaceChildren();
    for (const hit of found.slice(0, LIMIT)) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = hit.page;
      link.textContent = hit.label;
      item.appendChild(link);
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = hit.kind;
      item.appendChild(kind);
      if (hit.matched !== hit.label) {
        const alias = document.createElement("span");
        alias.className = "alias";
        alias.textContent = "also “" + hit.matched + "”";
        item.appendChild(alias);
      }
      list.appendChild(item);
    }
    if (found.length > LIMIT) {
      const more = document.createElement("li");
      more.textContent = found.length - LIMIT + " more: type more of the name.";
      list.appendChild(more);
    } else if (input.value.trim() && !found.length) {
      const none = document.createElement("li");
      none.textContent = "Nothing has that name.";
      list.appendChild(none);
    }
  }
  input.addEventListener("input", show);
  document.getElementById("site-search").addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  window.hamkoriSearch = search;
})();
