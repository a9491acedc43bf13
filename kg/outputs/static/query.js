// Hamkori's query page: YASGUI's editor (Yasqe) and results (Yasr), the query library as a menu with
// a form for each parameter, labels and site links for the IRIs of a result, downloads, and a
// shareable address (#query=…). Queries go to the server's /sparql (on `kg serve`) or to Oxigraph's
// WebAssembly build in this page, over the site's dump (on the published site). Nothing is loaded
// from another host. The page puts its configuration in <script id="hamkori-query-config">
// (kg.outputs.browser.editor_config).
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("hamkori-query-config").textContent);
  const Yasgui = window.Yasgui.default || window.Yasgui;
  const Yasqe = Yasgui.Yasqe;
  const Yasr = Yasgui.Yasr;
  const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  const JSON_RESULTS = "application/sparql-results+json";
  const FORMATS = {
    csv: ["text/csv", "csv"],
    tsv: ["text/tab-separated-values", "tsv"],
    json: [JSON_RESULTS, "srj"],
  };
  const statusEl = document.getElementById("query-status");
  const labels = new Map(); // IRI → label, for the IRIs of the results shown
  const api = { ready: false, readyMs: null, lastResults: null, lastError: null, lastMs: null, lastQuery: null, running: 0 };
  window.hamkoriQuery = api;
  const started = performance.now();

  function setStatus(text, kind) {
    statusEl.textContent = text;
    statusEl.className = "query-status " + (kind || "");
  }

  // -- where queries go -----------------------------------------------------------------------

  let engine = null; // async (query, mediaType) → {type, text}

  function endpointEngine() {
    return async function (query, mediaType) {
      const response = await fetch(config.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: mediaType },
        body: new URLSearchParams({ query: query }).toString(),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(text || response.statusText);
      return { type: (response.headers.get("Content-Type") || mediaType).split(";")[0], text: text };
    };
  }

  async function storeEngine() {
    const ox = await import(config.root + "vendor/oxigraph/web.js");
    await ox.default(); // compiles the WebAssembly, fetched beside web.js
    const response = await fetch(config.data);
    if (!response.ok) throw new Error("could not read " + config.data + ": " + response.status);
    const store = new ox.Store();
    store.load(await response.text(), { format: config.dataFormat });
    api.quads = store.size;
    return async function (query, mediaType) {
      const graph = /^(CONSTRUCT|DESCRIBE)$/.test(queryType(query));
      const type = graph ? "text/turtle" : mediaType;
      // The default graph is the union of the named graphs, as in `kg query` and on `kg serve`.
      const result = store.query(query, { results_format: type, use_default_graph_as_union: true });
      if (typeof result === "boolean") return { type: JSON_RESULTS, text: JSON.stringify({ head: {}, boolean: result }) };
      return { type: type, text: String(result) };
    };
  }

  function queryType(query) {
    const yasqe = api.yasqe;
    if (yasqe && yasqe.getValue() === query) return yasqe.getQueryType();
    const match = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(query.replace(/#[^\n]*/g, "").replace(/<[^>]*>/g, ""));
    return match ? match[1].toUpperCase() : "SELECT";
  }

  // -- labels and links of the IRIs in a result -----------------------------------------------

  function sitePath(iri) {
    const documentIri = iri.split("#")[0];
    for (const base of config.bases) {
      if (!documentIri.startsWith(base)) continue;
      let rest = documentIri.slice(base.length);
      if (rest.endsWith("/")) rest += "index";
      if (config.roots.some((root) => rest.startsWith(root)) && /^[A-Za-z0-9/_.\-]+$/.test(rest) && !rest.includes("..")) {
        return rest;
      }
    }
    return null;
  }

  function pageOf(iri) {
    const path = sitePath(iri);
    if (path) return config.root + path + ".html" + (iri.includes("#") ? "#" + iri.split("#")[1] : "");
    if (iri.startsWith(config.ontology)) return config.root + "ontology/index.html#" + iri.slice(config.ontology.length);
    return null;
  }

  function prefixed(iri) {
    for (const [prefix, namespace] of Object.entries(config.prefixes)) {
      if (iri.startsWith(namespace)) return prefix + ":" + iri.slice(namespace.length);
    }
    return null;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function sparqlIri(iri) {
    return "<" + iri.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) + ">";
  }

  async function fetchLabels(results) {
    const wanted = new Set();
    for (const binding of (results.results || {}).bindings || []) {
      for (const term of Object.values(binding)) {
        if (term.type === "uri" && !labels.has(term.value)) wanted.add(term.value);
        if (term.datatype && !labels.has(term.datatype)) wanted.add(term.datatype);
      }
      if (wanted.size >= 2000) break; // a page shows fewer: the rest keep their prefixed names
    }
    if (!wanted.size) return;
    const values = Array.from(wanted, sparqlIri).join(" ");
    const query = "SELECT ?s ?label WHERE { VALUES ?s { " + values + " } ?s <" + RDFS_LABEL + "> ?label }";
    const answer = JSON.parse((await engine(query, JSON_RESULTS)).text);
    for (const binding of answer.results.bindings) {
      const current = labels.get(binding.s.value);
      const language = binding.label["xml:lang"];
      if (current === undefined || !language || language === "en") labels.set(binding.s.value, binding.label.value);
    }
  }

  // The results table of YASR, with each IRI shown by its label and linked to its page on the site.
  class LabelledTable extends Yasr.plugins.table {
    getUriLinkFromBinding(binding) {
      const iri = binding.value;
      const text = labels.get(iri) || prefixed(iri) || iri;
      const href = pageOf(iri) || iri;
      return "<a class='iri' href='" + escapeHtml(href) + "' title='" + escapeHtml(iri) + "'>" + escapeHtml(text) + "</a>";
    }

    // Numbers and dates as a reader writes them ("47000", not "47000"^^xsd:decimal; a whole number
    // without ".0"), the datatype in the tooltip; downloads keep the typed values.
    formatLiteral(binding, prefixes) {
      const type = binding.datatype || "";
      const match = READABLE_TYPE.exec(type);
      if (!match) return super.formatLiteral(binding, prefixes);
      let text = binding.value;
      if (NUMERIC_TYPE.test(match[1]) && Number.isInteger(Number(text)) && Math.abs(Number(text)) < 2 ** 53) {
        text = String(Number(text));
      }
      return "<span class='typed' title='xsd:" + escapeHtml(match[1]) + "'>" + escapeHtml(text) + "</span>";
    }
  }
  const READABLE_TYPE = /^http:\/\/www\.w3\.org\/2001\/XMLSchema#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger|date|dateTime|gYear|gYearMonth)$/;
  const NUMERIC_TYPE = /^(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/;
  Yasr.registerPlugin("table", LabelledTable);

  // -- the editor and the results -------------------------------------------------------------

  function shareLink(query) {
    return location.href.split("#")[0] + "#query=" + encodeURIComponent(query);
  }

  // Only these completers: "class" and "property" ask a web service (LOV). Set on the defaults, since
  // Yasqe merges a configuration's list into the default one item by item.
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  const yasqe = new Yasqe(document.getElementById("query-editor"), {
    value: config.start,
    persistenceId: null, // no localStorage: the address holds the query
    consumeShareLink: null,
    createShareableLink: (editor) => shareLink(editor.getValue()),
    // The dataset's prefixes, offered when a PREFIX line is typed; a data: URL, so nothing is fetched.
    prefixCcApi: "data:application/json," + encodeURIComponent(JSON.stringify(config.prefixes)),
    autocompleters: ["prefixes", "variables"],
    editorHeight: "320px",
    collapsePrefixesOnLoad: true, // the dataset's prefixes are declared, folded into one line
    requestConfig: { endpoint: config.endpoint || location.href.split("#")[0] },
  });
  api.yasqe = yasqe;
  const yasr = new Yasr(document.getElementById("query-results"), {
    persistenceId: null,
    prefixes: config.prefixes,
    defaultPlugin: "table",
    pluginOrder: ["table", "response"],
  });
  api.yasr = yasr;

  // Yasqe's run button and Ctrl-Enter call yasqe.query(): here it runs the query on this page's engine.
  yasqe.query = () => run(yasqe.getValue());

  async function run(query) {
    if (!engine) {
      setStatus(api.unavailable || "The dataset is still loading…", "error");
      return;
    }
    api.running += 1;
    api.lastQuery = query;
    history.replaceState(null, "", shareLink(query));
    const start = performance.now();
    try {
      const type = /^(CONSTRUCT|DESCRIBE)$/.test(queryType(query)) ? "text/turtle" : JSON_RESULTS;
      const answer = await engine(query, type);
      api.lastMs = performance.now() - start;
      api.lastError = null;
      if (answer.type === JSON_RESULTS) {
        const results = JSON.parse(answer.text);
        await fetchLabels(results);
        api.lastResults = results;
      } else {
        api.lastResults = null;
      }
      yasr.setResponse(
        { ok: true, status: 200, statusText: "OK", type: "basic", headers: new Headers({ "Content-Type": answer.type }), content: answer.text },
        api.lastMs
      );
      const rows = api.lastResults && api.lastResults.results ? api.lastResults.results.bindings.length : null;
      setStatus(rows === null ? "Done in " + Math.round(api.lastMs) + " ms." : rows.toLocaleString("en") + " rows in " + Math.round(api.lastMs) + " ms.", "ok");
      downloads.hidden = rows === null;
    } catch (error) {
      api.lastError = String(error && error.message ? error.message : error);
      api.lastResults = null;
      yasr.setResponse(new Error(api.lastError));
      setStatus(api.lastError, "error");
    } finally {
      api.running -= 1;
    }
  }
  api.run = run;

  // -- downloads: the engine writes the SPARQL results formats ---------------------------------

  const downloads = document.getElementById("query-downloads");
  downloads.hidden = true;
  downloads.addEventListener("click", async (event) => {
    const name = event.target.dataset.format;
    if (!name || !engine) return;
    const [mediaType, suffix] = FORMATS[name];
    const answer = await engine(api.lastQuery, mediaType); // the query whose results are shown
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([answer.text], { type: mediaType }));
    link.download = "results." + suffix;
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  // -- the library: a menu, and a form for each query's parameters ----------------------------

  const menu = document.getElementById("library-menu");
  const form = document.getElementById("library-form");
  const question = document.getElementById("library-question");
  const byName = new Map(config.queries.map((q) => [q.name, q]));
  for (const q of config.queries) {
    const option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.title;
    menu.appendChild(option);
  }

  function sparqlValue(param, value) {
    const kind = config.kinds[param.kind];
    if (kind.type === "iri") {
      if (!new RegExp(config.idPattern).test(value)) throw new Error("parameter " + param.name + ": " + JSON.stringify(value) + " is not an id (a lowercase slug such as vo-sino)");
      return "<" + kind.prefix + value + ">";
    }
    if (kind.type === "year") {
      if (!/^[12][0-9]{3}$/.test(value)) throw new Error("parameter " + param.name + ": " + JSON.stringify(value) + " is not a year");
      return '"' + value + '"^^<http://www.w3.org/2001/XMLSchema#gYear>';
    }
    return '"' + value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
  }

  // A library query's text with the parameters given bound (as `kg query NAME --param name=value`);
  // a required parameter left out is refused with the line `kg query` prints.
  function renderQuery(q, values) {
    const missing = q.params.find((param) => param.required && !values[param.name]);
    if (missing) throw new Error(q.missing[missing.name]);
    let text = q.text;
    for (const param of q.params) {
      const value = values[param.name];
      if (value) text = text.split("VALUES ?" + param.name + " { UNDEF }").join("VALUES ?" + param.name + " { " + sparqlValue(param, value) + " }");
    }
    return text;
  }
  api.renderQuery = (name, values) => renderQuery(byName.get(name), values || {});

  function showForm(q) {
    form.replaceChildren();
    question.textContent = q ? q.question : "";
    if (!q) return;
    for (const param of q.params) {
      const label = document.createElement("label");
      label.textContent = param.name + (param.required ? " (required) " : " ");
      const input = document.createElement("input");
      input.name = param.name;
      input.placeholder = param.kind;
      input.required = param.required;
      input.title = param.doc;
      label.appendChild(input);
      const doc = document.createElement("small");
      doc.textContent = " " + param.doc;
      label.appendChild(doc);
      form.appendChild(label);
    }
    const runButton = document.createElement("button");
    runButton.type = "submit";
    runButton.textContent = "Run";
    form.appendChild(runButton);
    if (q.examples.some((example) => Object.keys(example).length)) {
      const example = document.createElement("button");
      example.type = "button";
      example.textContent = "Fill in the example";
      example.addEventListener("click", () => {
        const values = q.examples.find((e) => Object.keys(e).length);
        for (const [name, value] of Object.entries(values)) form.elements[name].value = value;
      });
      form.appendChild(example);
    }
  }

  menu.addEventListener("change", () => {
    const q = byName.get(menu.value);
    showForm(q);
    if (q) yasqe.setValue(q.text);
  });
  form.noValidate = true; // a required field left empty: the submit handler says what `kg query` says
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = byName.get(menu.value);
    const values = {};
    for (const param of q.params) values[param.name] = form.elements[param.name].value.trim();
    try {
      const text = renderQuery(q, values);
      yasqe.setValue(text);
      run(text);
    } catch (error) {
      setStatus(error.message, "error");
    }
  });

  // Runs a library query as the form does: what the tests and the benchmark call.
  api.runLibrary = async (name, values) => {
    menu.value = name;
    showForm(byName.get(name));
    for (const [param, value] of Object.entries(values || {})) if (form.elements[param]) form.elements[param].value = value;
    let text;
    try {
      text = renderQuery(byName.get(name), values || {});
    } catch (error) {
      api.lastError = error.message;
      api.lastResults = null;
      setStatus(error.message, "error");
      return null;
    }
    yasqe.setValue(text);
    await run(text);
    return api.lastResults;
  };

  // -- a shared address: #query=… -----------------------------------------------------------

  const shared = new URLSearchParams(location.hash.slice(1)).get("query");
  if (shared) yasqe.setValue(shared);

  // -- start the engine ---------------------------------------------------------------------

  async function start() {
    if (config.mode === "endpoint") {
      engine = endpointEngine();
    } else if (config.triples > config.limit) {
      api.unavailable =
        "The dataset has " + config.triples.toLocaleString("en") + " triples, more than this page loads into a browser (" +
        config.limit.toLocaleString("en") + "). Query it with `kg serve` or load " + config.data + " into a SPARQL server.";
      setStatus(api.unavailable, "error");
      return;
    } else {
      setStatus("Loading the dataset (" + config.triples.toLocaleString("en") + " triples) into this browser…", "");
      try {
        engine = await storeEngine();
      } catch (error) {
        api.unavailable =
          location.protocol === "file:"
            ? "This browser does not run the query engine from a file:// page. In the site's folder, run `python3 -m http.server` and open http://127.0.0.1:8000/sparql/ — or use `kg serve`."
            : "The query engine did not start: " + (error && error.message ? error.message : error);
        setStatus(api.unavailable, "error");
        return;
      }
    }
    api.readyMs = performance.now() - started; // since this script started
    api.readyAt = performance.now(); // since the navigation started
    api.ready = true;
    setStatus(
      config.mode === "endpoint"
        ? "Ready: queries go to " + config.endpoint + "."
        : "Ready: " + config.triples.toLocaleString("en") + " triples in this browser, loaded in " + Math.round(api.readyMs) + " ms.",
      "ok"
    );
    if (shared) run(shared);
  }
  start();
})();
