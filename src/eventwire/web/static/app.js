// The eventwire dashboard: views drawn from the JSON API of the server that sent it.
//
//   #/?actor=RUS&quad=4   events: timeline (/api/timeline), map (/api/map), table (/api/events)
//   #/event/ID            one event: record, evidence in its article, claims (/api/events/ID)
//   #/story/ID            one story: its articles and events over time (/api/stories/ID)
//   #/stories             stories, newest first (/api/stories)
//   #/article/ID          one article with its event sentences marked (/api/articles/ID)
//
// Safety: text from the API is only ever inserted as text nodes (el() and svg() below
// take strings as text, never as markup; nothing here touches innerHTML), so an article
// full of <script> or onerror= renders as the characters it is. Links built from data
// are "#/..." fragments of encoded ids, or http(s) URLs only.
"use strict";

(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const QUADS = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
  };
  // CAMEO 1.1b3 root codes (eventwire.codebook.cameo holds the full table).
  const ROOTS = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
    "04": "Consult", "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield",
    "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject",
    "13": "Threaten", "14": "Protest", "15": "Exhibit force posture",
    "16": "Reduce relations", "17": "Coerce", "18": "Assault", "19": "Fight",
    "20": "Use unconventional mass violence",
  };
  const FACTUALITIES = ["asserted", "negated", "hypothetical", "intended", "threatened", "reported"];
  const FILTERS = ["actor", "target", "root", "quad", "factuality", "since", "until", "place"];
  const PAGE = 50;
  const DAY_MS = 86400000;
  // The home table lists the newest events first (the API's and CLI's default order is
  // oldest first, `date`; the dashboard asks for `-date`).
  const SORT = "-date";
  // The timeline's axis spans the dense range of dates: the middle half of the events
  // (25th to 75th percentile, weighted by count) widened by 3 times its width on each
  // side (Tukey's "far out" fence), and by at least REACH_DAYS. One misdated event
  // (1200-01-01) then does not stretch the axis over centuries; events outside are
  // counted under the chart with links that list and draw them.
  const FENCE = 3;
  const REACH_DAYS = 31;

  // -- building nodes: strings always become text nodes ---------------------------------
  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, String(value));
    }
    return node;
  }

  function el(tag, attrs, ...children) {
    return append(setAttrs(document.createElement(tag), attrs), children);
  }

  function svg(tag, attrs, ...children) {
    return append(setAttrs(document.createElementNS(SVG, tag), attrs), children);
  }

  const view = () => document.getElementById("view");
  const enc = encodeURIComponent;
  const link = (hash, ...children) => el("a", { href: hash }, ...children);
  const eventHref = (id) => `#/event/${enc(id)}`;
  const storyHref = (id) => `#/story/${enc(id)}`;
  const articleHref = (id) => `#/article/${enc(id)}`;

  function status(message, isError) {
    const node = document.getElementById("status");
    node.textContent = message || "";
    node.classList.toggle("error", Boolean(isError));
  }

  // -- the API ----------------------------------------------------------------------------
  function apiUrl(path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") query.set(name, value);
    }
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  }

  async function api(path, params) {
    const url = apiUrl(path, params);
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
      throw new Error(`${url}: ${message}`);
    }
    return body;
  }

  let basemapData = null;
  function basemap() {
    if (!basemapData) {
      basemapData = fetch("/static/basemap.json").then((r) => {
        if (!r.ok) throw new Error(`basemap: HTTP ${r.status}`);
        return r.json();
      });
    }
    return basemapData;
  }

  const articles = new Map();
  function article(id) {
    if (!articles.has(id)) articles.set(id, api(`/api/articles/${enc(id)}`));
    return articles.get(id);
  }

  const jsonTwin = (url) => el("a", { href: url, class: "json", title: "the JSON this view is drawn from" }, "JSON");

  function panel(id, title, url, ...children) {
    return el("section", { id, class: "panel" },
      el("h2", null, title, " ", url ? jsonTwin(url) : null), ...children);
  }

  // -- routing ----------------------------------------------------------------------------
  let generation = 0; // a view that finishes loading after the user moved on draws nothing

  function parseHash() {
    const hash = location.hash.replace(/^#\/?/, "");
    const [path, query] = hash.split("?", 2);
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    return { parts, params: new URLSearchParams(query || "") };
  }

  async function route() {
    const mine = ++generation;
    const { parts, params } = parseHash();
    const node = view();
    node.replaceChildren();
    status("loading…");
    const alive = () => mine === generation;
    try {
      if (parts[0] === "event" && parts[1]) await eventPage(node, parts[1], alive);
      else if (parts[0] === "story" && parts[1]) await storyPage(node, parts[1], alive);
      else if (parts[0] === "article" && parts[1]) await articlePage(node, parts[1], alive);
      else if (parts[0] === "stories") await storiesPage(node, alive);
      else await homePage(node, params, alive);
      if (alive()) status("");
    } catch (error) {
      if (alive()) status(error.message, true);
    }
  }

  // -- the home page: filters, timeline, map, table ---------------------------------------
  function filtersFrom(params) {
    const filters = {};
    for (const name of FILTERS) {
      const value = params.get(name);
      if (value) filters[name] = value;
    }
    return filters;
  }

  function filterHref(filters) {
    const query = new URLSearchParams(filters).toString();
    return query ? `#/?${query}` : "#/";
  }

  function go(filters) {
    location.hash = filterHref(filters);
  }

  function select(name, current, options) {
    return el("select", { name, id: `f-${name}` },
      el("option", { value: "" }, "any"),
      options.map(([value, label]) => el("option", { value, selected: value === current }, label)));
  }

  function filterForm(filters) {
    const text = (name, placeholder) =>
      el("input", { name, id: `f-${name}`, value: filters[name] || "", placeholder, size: 10 });
    const date = (name) => el("input", { name, id: `f-${name}`, type: "date", value: filters[name] || "" });
    const field = (label, input) => el("label", null, el("span", null, label), input);
    const form = el("form", { id: "filters", class: "filters" },
      field("Actor", text("actor", "RUS")),
      field("Target", text("target", "SYR")),
      field("CAMEO root", select("root", filters.root || "",
        Object.entries(ROOTS).map(([code, name]) => [code, `${code} ${name}`]))),
      field("Quad class", select("quad", filters.quad || "",
        Object.entries(QUADS).map(([code, name]) => [code, `${code} ${name}`]))),
      field("Factuality", select("factuality", filters.factuality || "",
        FACTUALITIES.map((f) => [f, f]))),
      field("Since", date("since")),
      field("Until", date("until")),
      field("Place", text("place", "SYR or Aleppo")),
      el("button", { type: "submit", id: "apply" }, "Filter"),
      el("button", { type: "button", id: "reset", onclick: () => go({}) }, "Reset"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = {};
      for (const [name, value] of new FormData(form)) if (String(value).trim()) chosen[name] = String(value).trim();
      go(chosen);
    });
    return form;
  }

  async function homePage(node, params, alive) {
    const filters = filtersFrom(params);
    const timelineUrl = apiUrl("/api/timeline", { ...filters, by: "quad" });
    const mapUrl = apiUrl("/api/map", filters);
    const listing = { ...filters, sort: SORT };
    const eventsUrl = apiUrl("/api/events", { ...listing, limit: PAGE });
    const timelineBox = el("div", { class: "chart" });
    const mapBox = el("div", { class: "chart" });
    const tableBox = el("div");
    node.append(
      filterForm(filters),
      el("div", { class: "row" },
        panel("timeline", "Events per day, by QuadClass", timelineUrl, timelineBox),
        panel("map", "Where", mapUrl, mapBox)),
      panel("events", "Events", eventsUrl, tableBox));
    const [timeline, places, page, world] = await Promise.all([
      api("/api/timeline", { ...filters, by: "quad" }),
      api("/api/map", filters),
      api("/api/events", { ...listing, limit: PAGE }),
      basemap(),
    ]);
    if (!alive()) return;
    drawTimeline(timelineBox, timeline.days, {
      undated: timeline.undated,
      onDay: (day) => go({ ...filters, since: day, until: day }),
      outsideHref: (range) => filterHref({ ...filters, ...range }),
    });
    drawMap(mapBox, world, places, { onPlace: (name) => go({ ...filters, place: name }) });
    eventTable(tableBox, page, listing);
  }

  // -- the timeline: stacked bars, one per day, on a continuous time axis -------------------
  const utc = (iso) => Date.parse(`${iso}T00:00:00Z`);
  const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

  // The dense range of `days` (sorted by date) as [first, last] in ms: see FENCE.
  function denseRange(days) {
    const total = days.reduce((sum, d) => sum + d.count, 0);
    const at = (share) => {
      let seen = 0;
      for (const day of days) {
        seen += day.count;
        if (seen >= share * total) return utc(day.date);
      }
      return utc(days[days.length - 1].date);
    };
    const q1 = at(0.25), q3 = at(0.75);
    const reach = Math.max(FENCE * (q3 - q1), REACH_DAYS * DAY_MS);
    return [q1 - reach, q3 + reach];
  }

  function drawTimeline(box, allDays, options) {
    box.replaceChildren();
    if (!allDays.length) {
      box.append(el("p", { class: "empty" }, "No dated events match."));
      return;
    }
    const [low, high] = options.everyDate ? [-Infinity, Infinity] : denseRange(allDays);
    const days = allDays.filter((d) => utc(d.date) >= low && utc(d.date) <= high);
    const before = allDays.filter((d) => utc(d.date) < low);
    const after = allDays.filter((d) => utc(d.date) > high);
    const W = 640, H = 220, left = 34, right = 8, top = 8, bottom = 26;
    const first = utc(days[0].date), last = utc(days[days.length - 1].date);
    const span = Math.round((last - first) / DAY_MS) + 1;
    const step = (W - left - right) / span;
    const barWidth = Math.max(1, step * 0.85);
    const max = Math.max(...days.map((d) => d.count));
    const y = (count) => top + (H - top - bottom) * (1 - count / max);
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline", role: "img",
      "aria-label": "events per day, stacked by QuadClass" });
    // y axis: 0, the middle and the top count
    for (const tick of [...new Set([0, Math.round(max / 2), max])]) {
      chart.append(
        svg("line", { x1: left, x2: W - right, y1: y(tick), y2: y(tick), class: "grid" }),
        svg("text", { x: left - 4, y: y(tick) + 4, class: "tick", "text-anchor": "end" }, String(tick)));
    }
    for (const day of days) {
      const x = left + step * Math.round((utc(day.date) - first) / DAY_MS) + (step - barWidth) / 2;
      let base = 0;
      const group = svg("g", { class: "day", "data-date": day.date });
      for (const quad of ["1", "2", "3", "4"]) {
        const count = day.counts[quad] || 0;
        if (!count) continue;
        group.append(svg("rect", {
          x, width: barWidth, y: y(base + count), height: y(base) - y(base + count),
          class: `bar q${quad}`,
        }, svg("title", null, `${day.date}: ${count} ${QUADS[quad].toLowerCase()}`)));
        base += count;
      }
      if (options.onDay) group.addEventListener("click", () => options.onDay(day.date));
      chart.append(group);
    }
    // x axis: first and last day, and the first of each month between
    const ticks = new Set([first, last]);
    for (let m = new Date(first); m.getTime() <= last; m.setUTCMonth(m.getUTCMonth() + 1, 1)) {
      if (m.getTime() > first) ticks.add(Date.UTC(m.getUTCFullYear(), m.getUTCMonth(), 1));
    }
    let lastX = -Infinity;
    for (const ms of [...ticks].sort((a, b) => a - b)) {
      const x = left + step * Math.round((ms - first) / DAY_MS) + step / 2;
      if (x - lastX < 60) continue; // keep labels apart
      lastX = x;
      // a label near an edge is anchored there, so it is not cut off
      const anchor = x < left + 30 ? "start" : x > W - right - 30 ? "end" : "middle";
      chart.append(svg("text", { x, y: H - 8, class: "tick", "text-anchor": anchor }, isoDay(ms)));
    }
    append(box, [chart, legend(), outsideNote(box, allDays, days, before, after, options),
      options.undated
        ? el("p", { class: "note" }, `${options.undated} undated event(s) not drawn.`) : null]);
  }

  // Events dated outside the axis: how many, links that list them, a button to draw them.
  function outsideNote(box, allDays, days, before, after, options) {
    const sum = (list) => list.reduce((total, d) => total + d.count, 0);
    const outside = sum(before) + sum(after);
    if (!outside && !options.everyDate) return null;
    const note = el("p", { class: "note outside" });
    if (options.everyDate) {
      return append(note, ["Every date drawn. ", el("button", { type: "button", class: "fit",
        onclick: () => drawTimeline(box, allDays, { ...options, everyDate: false }) },
      "Fit the axis to most events")]);
    }
    const first = days[0].date, last = days[days.length - 1].date;
    const part = (list, range, words) => {
      if (!list.length) return null;
      const text = `${sum(list)} ${words} (${list[0].date}${list.length > 1 ? ` … ${list[list.length - 1].date}` : ""})`;
      return options.outsideHref ? el("a", { href: options.outsideHref(range), class: "outside-link" }, text) : text;
    };
    return append(note, [
      `${outside} event(s) outside the range drawn: `,
      part(before, { until: isoDay(utc(first) - DAY_MS) }, `before ${first}`),
      before.length && after.length ? ", " : null,
      part(after, { since: isoDay(utc(last) + DAY_MS) }, `after ${last}`),
      ". ",
      el("button", { type: "button", class: "every-date",
        onclick: () => drawTimeline(box, allDays, { ...options, everyDate: true }) },
      "Draw every date"),
    ]);
  }

  function legend() {
    return el("ul", { class: "legend" }, Object.entries(QUADS).map(([quad, name]) =>
      el("li", null, el("span", { class: `swatch q${quad}` }), `${quad} ${name}`)));
  }

  // -- the map: equirectangular, x = lon + 180, y = 90 - lat (as basemap.json) -------------
  function drawMap(box, world, data, options) {
    box.replaceChildren();
    // Antarctica below 60°S carries no events worth the space.
    const chart = svg("svg", { viewBox: "0 0 360 150", class: "map", role: "img",
      "aria-label": "events per place" });
    const land = svg("g", { class: "basemap" });
    for (const country of world.countries) {
      land.append(svg("path", { d: country.d, class: "country" }, svg("title", null, country.name)));
    }
    chart.append(svg("rect", { x: 0, y: 0, width: 360, height: 150, class: "sea" }), land);
    const places = data.places.filter((p) => p.lat !== null && p.lon !== null);
    const max = Math.max(1, ...places.map((p) => p.count));
    const dots = svg("g", { class: "places" });
    // largest first, so small circles stay on top and clickable
    for (const place of [...places].sort((a, b) => b.count - a.count)) {
      const circle = svg("circle", {
        cx: (place.lon + 180).toFixed(2), cy: (90 - place.lat).toFixed(2),
        r: (1.2 + 7 * Math.sqrt(place.count / max)).toFixed(2),
        class: place.goldstein !== null && place.goldstein < 0 ? "place conflict" : "place",
        "data-count": place.count,
      }, svg("title", null, `${place.name || "?"} (${place.country || "?"}): ${place.count} event(s)`));
      if (options.onPlace && place.name) circle.addEventListener("click", () => options.onPlace(place.name));
      dots.append(circle);
    }
    chart.append(dots);
    append(box, [chart, el("p", { class: "note" },
      `${places.length} place(s); circle area ∝ events; red: mean Goldstein < 0.`,
      data.unplaced ? ` ${data.unplaced} event(s) without coordinates not drawn.` : "")]);
  }

  // -- the event table ----------------------------------------------------------------------
  const actorCell = (actor) => actor
    ? el("td", null, actor.code ? link(`#/?actor=${enc(actor.code)}`, actor.code) : "—",
      el("div", { class: "sub" }, actor.name || ""))
    : el("td", { class: "none" }, "—");

  function eventRow(event) {
    const cameo = event.cameo || {};
    const location = event.location || {};
    return el("tr", { "data-id": event.id },
      el("td", { class: "nowrap" }, event.date || "undated"),
      actorCell(event.source),
      el("td", null, link(eventHref(event.id), el("span", { class: `quad q${cameo.quad_class}` }),
        `${cameo.code || ""} ${cameo.name || ""}`),
      el("div", { class: "sub" }, event.trigger || "")),
      actorCell(event.target),
      el("td", null, location.name || "—"),
      el("td", null, event.factuality || ""),
      el("td", { class: "num" }, event.confidence === null ? "" : Number(event.confidence).toFixed(2)),
      el("td", { class: "num" }, String(event.num_mentions ?? "")));
  }

  function eventTable(box, page, filters) {
    const body = el("tbody");
    const shown = el("span", { class: "count" });
    const more = el("button", { type: "button", id: "more" }, "More");
    let next = page.next, loaded = 0;
    const add = (events) => {
      for (const event of events) body.append(eventRow(event));
      loaded += events.length;
      shown.textContent = `${loaded} of ${page.count} event(s)`;
      more.hidden = !next;
    };
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        const following = await api("/api/events", { ...filters, limit: PAGE, cursor: next });
        next = following.next;
        add(following.events);
      } catch (error) {
        status(error.message, true);
      } finally {
        more.disabled = false;
      }
    });
    const head = ["Date", "Source", "Event", "Target", "Place", "Factuality", "Conf.", "Ment."];
    box.replaceChildren(
      el("table", { class: "events" }, el("thead", null, el("tr", null, head.map((h) => el("th", null, h)))), body),
      el("div", { class: "pager" }, shown, " ", more));
    add(page.events);
  }

  // -- evidence: an article's text with sentences and their parts marked -------------------
  // Offsets count Unicode code points (as Python does), so the text is split into code
  // points first; JavaScript strings index UTF-16 units.
  const ROLES = ["sentence", "target", "source", "trigger"];

  function markedText(text, spans) {
    const chars = Array.from(text || "");
    const marks = [];
    for (const span of spans) {
      for (const role of ROLES) {
        const range = span[role];
        if (!range) continue;
        const start = Math.max(0, Math.min(chars.length, range[0]));
        const end = Math.max(start, Math.min(chars.length, range[1]));
        if (end > start) marks.push({ start, end, role, event: span.event_id });
      }
    }
    const cuts = [...new Set([0, chars.length, ...marks.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
    const out = el("div", { class: "article-text" });
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      const piece = chars.slice(a, b).join("");
      const active = marks.filter((m) => m.start <= a && b <= m.end);
      if (!active.length) {
        out.append(document.createTextNode(piece));
        continue;
      }
      const roles = [...new Set(active.map((m) => m.role))];
      const mark = el("mark", { class: roles.map((r) => `hl-${r}`).join(" "), title: roles.join(", ") }, piece);
      const event = active.find((m) => m.event);
      if (event) mark.setAttribute("data-event", event.event);
      out.append(mark);
    }
    return out;
  }

  function scrollToMark(box) {
    const mark = box.querySelector("mark");
    if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }

  const roleLegend = () => el("p", { class: "legend roles" },
    el("mark", { class: "hl-sentence" }, "sentence"), " ", el("mark", { class: "hl-sentence hl-trigger" }, "trigger"), " ",
    el("mark", { class: "hl-sentence hl-source" }, "source"), " ", el("mark", { class: "hl-sentence hl-target" }, "target"));

  function evidenceSpan(evidence, eventId) {
    const range = (name) => evidence[`${name}_start`] === null || evidence[`${name}_start`] === undefined
      ? null : [evidence[`${name}_start`], evidence[`${name}_end`]];
    return { event_id: eventId, sentence: [evidence.start, evidence.end],
      trigger: range("trigger"), source: range("source"), target: range("target") };
  }

  // -- the event page ------------------------------------------------------------------------
  const actorText = (actor) => actor
    ? `${actor.name || "?"}${actor.code ? ` (${actor.code})` : ""}${actor.person ? `, ${actor.person}` : ""}`
    : "—";

  function definitionList(rows) {
    return el("dl", { class: "record" }, rows.filter(([, value]) => value !== null && value !== undefined && value !== "")
      .map(([name, value]) => [el("dt", null, name), el("dd", null, value)]));
  }

  async function eventPage(node, id, alive) {
    const url = `/api/events/${enc(id)}`;
    const body = await api(url);
    if (!alive()) return;
    const event = body.event, cameo = event.cameo || {}, location = event.location || {};
    const attribution = event.attribution;
    node.append(
      el("p", { class: "crumbs" }, link("#/", "Events"), " › event ", el("code", null, event.id), " ", jsonTwin(url)),
      el("h1", null, el("span", { class: `quad q${cameo.quad_class}` }), `${cameo.code} ${cameo.name || ""}`),
      definitionList([
        ["Date", `${event.date || "undated"}${event.date_precision ? ` (${event.date_precision})` : ""}`],
        ["Source", actorText(event.source)],
        ["Target", actorText(event.target)],
        ["CAMEO", `${cameo.code} (root ${cameo.root} ${ROOTS[cameo.root] || ""})`],
        ["QuadClass", `${cameo.quad_class} ${QUADS[cameo.quad_class] || ""}`],
        ["Goldstein", cameo.goldstein === null ? null : String(cameo.goldstein)],
        ["PLOVER", event.plover && event.plover.event_type
          ? `${event.plover.event_type}${event.plover.mode ? ` / ${event.plover.mode}` : ""}` : null],
        ["Trigger", event.trigger],
        ["Factuality", event.factuality],
        ["Place", location.name ? `${location.name}${location.country ? ` (${location.country})` : ""}${
          location.lat !== null && location.lat !== undefined ? ` ${location.lat}, ${location.lon}` : ""}` : null],
        ["Attribution", attribution ? `${actorText(attribution.claimant)}${attribution.verb ? ` ${attribution.verb}` : ""}${
          attribution.via ? ` via ${actorText(attribution.via)}` : ""}` : null],
        ["Confidence", event.confidence === null ? null : String(event.confidence)],
        ["Reported", `${event.num_mentions} mention(s), ${event.num_sources} source(s), ${event.num_articles} article(s)`],
        ["Seen", `${event.first_seen || "?"} – ${event.last_seen || "?"}`],
        ["Story", event.story_id ? link(storyHref(event.story_id), event.story_id) : null],
      ]));
    const evidence = el("section", { id: "evidence", class: "panel" }, el("h2", null, "Evidence"), roleLegend());
    node.append(evidence, claimsTable(body.claims));
    for (const mention of body.mentions) {
      const item = el("article", { class: "mention", "data-mention": mention.id },
        el("h3", null, link(articleHref(mention.article_id), mention.title || mention.article_id)),
        el("p", { class: "sub" }, [mention.source, mention.published, `trigger “${mention.trigger}”`,
          mention.factuality, `${mention.cameo.code} ${mention.cameo.name || ""}`].filter(Boolean).join(" · ")));
      evidence.append(item);
      const ev = mention.evidence;
      if (!ev) {
        item.append(el("p", { class: "empty" }, "No evidence recorded."));
        continue;
      }
      const span = evidenceSpan(ev, event.id);
      let box;
      try {
        const found = await article(ev.article_id || mention.article_id);
        if (!alive()) return;
        box = markedText(found.article.original, [span]);
      } catch (error) {
        // the article is gone: show the sentence alone, offsets moved to its start
        const shift = (r) => (r ? [r[0] - ev.start, r[1] - ev.start] : null);
        box = markedText(ev.sentence, [{ sentence: [0, ev.end - ev.start],
          trigger: shift(span.trigger), source: shift(span.source), target: shift(span.target) }]);
      }
      box.classList.add("scroll");
      item.append(box);
      scrollToMark(box);
    }
  }

  function claimsTable(claims) {
    const section = el("section", { id: "claims", class: "panel" }, el("h2", null, "Claims"));
    if (!claims || !claims.length) {
      section.append(el("p", { class: "empty" }, "No claims (numbers reported about this event)."));
      return section;
    }
    const head = ["Value", "Unit", "Text", "Claimant", "Via", "Source", "Article", "Plausible"];
    section.append(el("table", { class: "claims" },
      el("thead", null, el("tr", null, head.map((h) => el("th", null, h)))),
      el("tbody", null, claims.map((c) => el("tr", null,
        el("td", { class: "num" }, String(c.value ?? "")), el("td", null, c.unit || ""),
        el("td", null, c.text || ""), el("td", null, c.claimant || ""), el("td", null, c.via || ""),
        el("td", null, c.source || ""),
        el("td", null, c.article_id ? link(articleHref(c.article_id), c.article_id) : ""),
        el("td", null, c.plausible ? "yes" : "no"))))));
    return section;
  }

  // -- the article page ------------------------------------------------------------------------
  function externalLink(url) {
    return /^https?:\/\//i.test(url || "") ? el("a", { href: url, rel: "noreferrer noopener" }, url) : url || null;
  }

  async function articlePage(node, id, alive) {
    const url = `/api/articles/${enc(id)}`;
    const body = await article(id);
    if (!alive()) return;
    const a = body.article;
    const text = markedText(a.original, body.spans);
    for (const mark of text.querySelectorAll("mark[data-event]")) {
      mark.classList.add("linked");
      mark.addEventListener("click", () => { location.hash = eventHref(mark.getAttribute("data-event")); });
    }
    node.append(
      el("p", { class: "crumbs" }, link("#/", "Events"), " › article ", el("code", null, a.id), " ", jsonTwin(url)),
      el("h1", null, a.title || a.id),
      definitionList([
        ["Source", a.source], ["Published", a.published], ["URL", externalLink(a.url)],
        ["Story", a.story_id ? link(storyHref(a.story_id), a.story_id) : null],
        ["Duplicate of", a.duplicate_of ? link(articleHref(a.duplicate_of), a.duplicate_of) : null],
        ["Events", body.events.length ? body.events.map((e, i) => [i ? ", " : "", link(eventHref(e), e)]) : "none"],
      ]),
      roleLegend(),
      text);
  }

  // -- stories -----------------------------------------------------------------------------------
  async function storiesPage(node, alive) {
    const body = await api("/api/stories", { limit: 200 });
    if (!alive()) return;
    node.append(panel("stories", `Stories (${body.count})`, "/api/stories?limit=200",
      el("ul", { class: "stories" }, body.stories.map((s) => el("li", null,
        link(storyHref(s.id), s.title || s.id),
        el("span", { class: "sub" }, ` ${s.num_articles} article(s), ${s.first_published || "?"} – ${s.last_published || "?"}`))))));
  }

  async function storyPage(node, id, alive) {
    const url = `/api/stories/${enc(id)}`;
    const body = await api(url);
    if (!alive()) return;
    const story = body.story;
    // the story's events per day, by QuadClass, as /api/timeline draws them
    const days = new Map();
    for (const event of body.events) {
      if (!event.date) continue;
      const day = days.get(event.date) || { date: event.date, count: 0, counts: {} };
      const quad = String(event.cameo.quad_class);
      day.count += 1;
      day.counts[quad] = (day.counts[quad] || 0) + 1;
      days.set(event.date, day);
    }
    const timelineBox = el("div", { class: "chart" });
    const tableBox = el("div");
    node.append(
      el("p", { class: "crumbs" }, link("#/stories", "Stories"), " › ", el("code", null, story.id), " ", jsonTwin(url)),
      el("h1", null, story.title || story.id),
      definitionList([["Published", `${story.first_published || "?"} – ${story.last_published || "?"}`],
        ["Articles", String(story.num_articles)], ["Events", String(body.num_events)]]),
      el("section", { id: "story-articles", class: "panel" }, el("h2", null, "Articles"),
        el("ul", { class: "articles" }, story.articles.map((a) => el("li", null,
          link(articleHref(a.id), a.title || a.id),
          el("span", { class: "sub" }, ` ${a.source || ""} ${a.published || ""}`),
          a.duplicate_of ? el("span", { class: "sub" }, " (duplicate)") : null)))),
      panel("story-timeline", "Events over time", null, timelineBox),
      panel("story-events", "Events", null, tableBox));
    drawTimeline(timelineBox, [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1)), {
      undated: body.events.filter((e) => !e.date).length,
    });
    eventTable(tableBox, { events: body.events, next: null, count: body.num_events }, { story: id });
  }

  window.addEventListener("hashchange", route);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", route);
  else route();
})();
