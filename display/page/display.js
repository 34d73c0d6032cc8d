// The waiting-room display page: draws the station's state and announces new calls.
//
// The station (onthaal-display) keeps the state; this page only shows it. It starts from the
// state embedded in the HTML (so a reload is instant), then follows /events (Server-Sent
// Events, pushed by the station the moment a call arrives; EventSource reconnects by itself).
//
// Announcements go through one queue: chime, then the sentence in Dutch, then in the second
// language, and only then the next call, so a new call never cuts off the one being spoken and
// a burst of calls is announced completely, in order. Every step is logged in
// window.onthaalAnnouncements so tests (and a technician in DevTools) can see what happened.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const HIGHLIGHT_MS = 12000;
  const HISTORY_ROWS = 7;
  const TZ = "Europe/Brussels";

  // Headings in the display's other languages (the Dutch text is always there): the
  // catalogue's display-now, display-history and display-queues. The station writes every
  // language's catalogue into the page, so they show with the first frame.
  const CATALOGUE = JSON.parse(document.getElementById("catalogue").textContent);
  const texts = new Map(); // language → its format function
  function textsOf(lang) {
    if (!texts.has(lang)) texts.set(lang, window.onthaalCatalogueOf(lang, CATALOGUE));
    return texts.get(lang);
  }
  // What each catalogue says of its language: its direction and its BCP 47 tag (for the
  // browser's voice), so a new catalogue needs nothing here.
  const dirOf = (lang) => (CATALOGUE[lang] ? textsOf(lang)("language-direction") : "ltr");
  const localeOf = (lang) => (CATALOGUE[lang] ? textsOf(lang)("language-locale").split("-u-")[0] : lang);
  // The display's own sentences are the catalogue's Dutch ones (display-welcome …).
  const nl = textsOf("nl");
  $("heading").textContent = nl("display-heading");
  for (const key of ["now", "history", "queues"]) {
    $(`${key}-label`).querySelector('[lang="nl"]').textContent = nl(`display-${key}`);
  }
  $("now-empty").textContent = nl("display-welcome");
  $("history-empty").textContent = nl("display-no-calls");

  let state = null;
  let stationUp = true;
  const fresh = new Map(); // call key → time (ms) its highlight ends

  const keyOf = (c) => `${c.id}|${c.at}|${c.recall ? "r" : "c"}`;

  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  function svg(path, cls, viewBox) {
    const ns = "http://www.w3.org/2000/svg";
    const s = document.createElementNS(ns, "svg");
    s.setAttribute("viewBox", viewBox);
    s.setAttribute("aria-hidden", "true");
    if (cls) s.setAttribute("class", cls);
    const p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    s.appendChild(p);
    return s;
  }
  const ARROW = "M0 12h32V2l16 14-16 14V20H0z";
  const PERSON = "M12 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 12c5 0 9 2.5 9 6v2H3v-2c0-3.5 4-6 9-6z";

  function isFresh(c) {
    const until = fresh.get(keyOf(c));
    return until !== undefined && until > Date.now();
  }

  // ---- drawing ----

  function render() {
    if (!state) return;
    const name = (state.location && state.location.name) || "Onthaal";
    setText($("location"), name);
    document.title = nl("display-title", { location: name });
    const langs = otherLanguages().filter((l) => textsOf(l).found);
    headings($("now-l2"), langs, "now");
    headings($("history-l2"), langs, "history");
    headings($("queues-l2"), langs, "queues");
    renderLink();
    renderNow();
    renderHistory();
    renderQueues();
    renderInfo();
    layout();
  }

  // The languages after Dutch: `languages`, or the older single `second_language`.
  function otherLanguages() {
    const st = (state && state.settings) || {};
    const given = st.languages && st.languages.length ? st.languages : st.second_language ? [st.second_language] : [];
    return given.filter((l, i) => l !== "nl" && given.indexOf(l) === i);
  }

  // One span per language, each marked with its language (and direction), so a screen reader
  // reads each in its own voice; redrawn only when the languages change.
  function headings(el, langs, key) {
    const sig = langs.join(",");
    if (el.dataset.sig === sig) return;
    el.dataset.sig = sig;
    // Two or more languages do not fit after the Dutch on one line: they get a smaller line of
    // their own (see `.l2.many` in display.css).
    el.classList.toggle("many", langs.length > 1);
    // The " · " between them stays outside the spans: inside an Arabic one it would land on
    // the wrong side.
    el.replaceChildren(...langs.flatMap((l) => {
      const span = document.createElement("span");
      span.lang = l;
      span.dir = dirOf(l);
      span.textContent = textsOf(l)(`display-${key}`);
      const sep = document.createElement("span");
      sep.className = "sep";
      sep.textContent = " · ";
      return [sep, span];
    }));
  }

  // The information line: the Dutch one, then each of the display's languages that has its
  // own (a language without one is not shown the Dutch line twice).
  function renderInfo() {
    const st = state.settings || {};
    const lines = [];
    if (st.info_line) lines.push(["nl", st.info_line]);
    for (const l of otherLanguages()) {
      const text = st.info_lines && st.info_lines[l];
      if (text && text.trim()) lines.push([l, text]);
    }
    $("info").hidden = lines.length === 0;
    const box = $("info-text");
    const sig = JSON.stringify(lines);
    if (box.dataset.sig === sig) return;
    box.dataset.sig = sig;
    box.replaceChildren(...lines.map(([l, text]) => {
      const p = document.createElement("span");
      p.className = "info-line";
      p.lang = l;
      p.dir = dirOf(l);
      p.textContent = text;
      return p;
    }));
  }

  // Sizes that depend on the text: the big call's two lines shrink to fit one line each, and
  // only as many previous calls are listed as fit whole (no half-cut row at the bottom).
  let laidOut = "";
  function layout() {
    // Measuring forces the browser to lay out the page: do it only when something it depends
    // on changed (the call texts, the list, the window, the second language).
    const sig = [$("now-number").textContent, $("now-desk").textContent, $("history").dataset.sig,
      $("queues").dataset.sig, innerWidth, innerHeight, $("now-l2").textContent, $("info-text").dataset.sig,
      $("info").hidden, $("history").parentElement.clientHeight].join("|");
    if (sig === laidOut) return;
    laidOut = sig;
    const width = $("now-body").clientWidth;
    fit($("now-number"), $("now-number"), width);
    fit($("now-desk"), $("now-where"), width);
    const ol = $("history");
    const panel = ol.parentElement;
    const bottom = panel.getBoundingClientRect().bottom - parseFloat(getComputedStyle(panel).paddingBottom);
    for (const li of ol.children) li.hidden = false;
    for (const li of ol.children) li.hidden = li.getBoundingClientRect().bottom > bottom + 1;
  }

  // Shrinks `el`'s font until `line` (el itself or the row holding it) is no wider than `width`.
  function fit(el, line, width) {
    el.style.fontSize = "";
    const full = parseFloat(getComputedStyle(el).fontSize);
    let size = full;
    const over = line.scrollWidth;
    if (over <= width + 1) return;
    // One proportional step (text width scales with font size), then small steps if needed.
    size = Math.max(full * 0.35, full * (width / over) * 0.98);
    el.style.fontSize = `${size}px`;
    while (line.scrollWidth > width + 1 && size > full * 0.35) {
      size *= 0.93;
      el.style.fontSize = `${size}px`;
    }
  }
  window.addEventListener("resize", () => state && layout());
  // Anything that changes the history panel's height after a redraw (the clock's first tick
  // making the top bar taller, a longer information line, fonts) re-counts the rows that fit:
  // a row is shown whole or not at all.
  if (typeof ResizeObserver !== "undefined") {
    new ResizeObserver(() => state && layout()).observe(document.querySelector(".history"));
  }

  function renderLink() {
    let text = "";
    if (!stationUp) text = nl("display-restarting");
    else if (state && !state.synced) text = nl("display-connecting");
    else if (state && !state.connected) text = nl("display-reconnecting");
    $("link-state").hidden = !text;
    setText($("link-text"), text);
  }

  // Numbers start again every day: yesterday's "P003" must not look like today's.
  const dayFmt = new Intl.DateTimeFormat("sv-SE", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" });
  let today = dayFmt.format(new Date());
  function todaysCalls() {
    return state.recent_calls.filter((c) => dayFmt.format(new Date(c.at)) === today);
  }

  function renderNow() {
    const now = $("now");
    const c = todaysCalls()[0];
    now.classList.toggle("is-empty", !c);
    if (!c) {
      now.classList.remove("fresh");
      $("now-badge").hidden = true;
      return;
    }
    now.dataset.key = keyOf(c);
    setText($("now-number"), c.number);
    setText($("now-desk"), c.desk.name);
    setText($("now-service"), serviceLabel(c.service, c.service_name));
    const hot = isFresh(c);
    // Restart the pulse when a different call becomes the fresh one.
    if (hot && now.dataset.freshKey !== keyOf(c)) {
      now.classList.remove("fresh");
      void now.offsetWidth;
    }
    now.dataset.freshKey = hot ? keyOf(c) : "";
    now.classList.toggle("fresh", hot);
    $("now-badge").hidden = !hot;
    setText($("now-badge"), nl(c.recall ? "display-again" : "display-new"));
  }

  function serviceLabel(key, fallback) {
    const s = state.services.find((x) => x.key === key);
    const nl = (s && s.name) || fallback;
    const names = [nl];
    for (const l of otherLanguages()) {
      const other = s && s.names && s.names[l];
      if (other && !names.includes(other)) names.push(other);
    }
    return names.join(" · ");
  }

  function renderHistory() {
    const ol = $("history");
    const calls = todaysCalls().slice(1, 1 + HISTORY_ROWS);
    $("history-empty").hidden = todaysCalls().length > 0;
    const rows = calls.map((c) => {
      const li = document.createElement("li");
      li.dataset.key = keyOf(c);
      if (isFresh(c)) li.classList.add("fresh");
      const num = document.createElement("span");
      num.className = "num";
      num.textContent = c.number;
      const arrow = document.createElement("span");
      arrow.className = "arrow";
      arrow.appendChild(svg(ARROW, "", "0 0 48 32"));
      const to = document.createElement("span");
      to.className = "visually-hidden";
      to.textContent = " naar ";
      const desk = document.createElement("span");
      desk.className = "desk";
      desk.textContent = c.desk.name;
      if (c.recall) {
        const tag = document.createElement("span");
        tag.className = "tag";
        tag.textContent = nl("display-again");
        desk.appendChild(tag);
      }
      li.append(num, arrow, to, desk);
      return li;
    });
    // Only touch the DOM when the list really changed (no flicker on queue-figure updates).
    const sig = rows.map((r) => r.dataset.key + (r.classList.contains("fresh") ? "*" : "")).join(",");
    if (ol.dataset.sig !== sig) {
      ol.replaceChildren(...rows);
      ol.dataset.sig = sig;
    }
  }

  function renderQueues() {
    const ul = $("queues");
    const items = state.services.map((s) => {
      const li = document.createElement("li");
      li.dataset.service = s.key;
      if (!s.open) li.classList.add("closed");
      const svc = document.createElement("span");
      svc.className = "svc";
      const prefix = document.createElement("span");
      prefix.className = "prefix";
      prefix.textContent = s.prefix;
      svc.append(prefix, s.name);
      const fig = document.createElement("span");
      fig.className = "fig";
      const count = document.createElement("span");
      count.className = "count";
      const n = document.createElement("strong");
      n.textContent = String(s.waiting);
      count.append(svg(PERSON, "person", "0 0 24 24"), n, nl("display-waiting"));
      const wait = document.createElement("span");
      wait.className = "wait";
      wait.textContent = waitText(s);
      fig.append(count, wait);
      li.append(svc, fig);
      return li;
    });
    const sig = JSON.stringify(state.services.map((s) => [s.key, s.name, s.waiting, waitText(s), s.open]));
    if (ul.dataset.sig !== sig) {
      ul.replaceChildren(...items);
      ul.dataset.sig = sig;
    }
  }

  function waitText(s) {
    // Closed now by staff: until when (the visitors in the room keep their place).
    if (s.closed_now && !s.closed_now.end_of_day) {
      return nl("display-closed-until", { time: clockFmt.format(new Date(s.closed_now.until)) });
    }
    if (!s.open) return nl("display-closed");
    if (s.waiting === 0) return "";
    if (s.estimated_wait_s == null) return "";
    return `± ${Math.max(1, Math.round(s.estimated_wait_s / 60))} min`;
  }

  // ---- clock ----

  const clockFmt = new Intl.DateTimeFormat("nl-BE", { timeZone: TZ, hour: "2-digit", minute: "2-digit" });
  const dateFmt = new Intl.DateTimeFormat("nl-BE", { timeZone: TZ, weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const isoFmt = new Intl.DateTimeFormat("sv-SE", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  function tick() {
    const d = new Date();
    setText($("clock"), clockFmt.format(d));
    $("clock").setAttribute("datetime", isoFmt.format(d).replace(" ", "T"));
    setText($("date"), dateFmt.format(d));
    const day = dayFmt.format(d);
    if (day !== today) {
      today = day;
      if (state) render();
    }
    setTimeout(tick, 1000 - (d.getTime() % 1000) + 5);
  }

  // ---- highlight expiry: redraw when a highlight ends ----

  setInterval(() => {
    const t = Date.now();
    let expired = false;
    for (const [k, until] of fresh) {
      if (until <= t) {
        fresh.delete(k);
        expired = true;
      }
    }
    if (expired) render();
  }, 500);

  // ---- announcements ----

  const log = (window.onthaalAnnouncements = []);
  const queue = [];
  const announced = new Set();
  let busy = false;

  function note(event, a, how) {
    const entry = { event, key: a.key, number: a.call.number, desk: a.call.desk.name, recall: !!a.call.recall, t: Math.round(performance.now()) };
    if (how !== undefined) entry.how = how;
    log.push(entry);
    if (log.length > 500) log.splice(0, log.length - 500);
  }

  function enqueue(a) {
    if (announced.has(a.key)) return;
    announced.add(a.key);
    if (announced.size > 500) announced.delete(announced.values().next().value);
    note("queued", a);
    queue.push(a);
    pump();
  }

  async function pump() {
    if (busy) return;
    busy = true;
    while (queue.length) {
      const a = queue.shift();
      note("start", a);
      let how;
      try {
        how = await announce(a);
      } catch (e) {
        how = `error: ${e}`;
      }
      note("end", a, how);
    }
    busy = false;
  }

  // Plays chime and speech; resolves (never rejects, never hangs) with what was heard.
  async function announce(a) {
    const mode = (state && state.sound) || "silent";
    if (mode === "silent") return "silent";
    const steps = [];
    steps.push((await play("/chime.wav", 5000)) ? "chime" : "chime-failed");
    for (const u of a.utterances) {
      let ok = false;
      if (mode === "espeak" && u.audio) {
        ok = await play(u.audio, 20000);
        if (ok) { steps.push(`espeak:${u.lang}`); continue; }
      }
      ok = await say(u);
      steps.push(ok ? `browser:${u.lang}` : `unspoken:${u.lang}`);
    }
    return steps.join(" ");
  }

  function play(url, limitMs) {
    return new Promise((resolve) => {
      const audio = new Audio(url);
      let done = false;
      const finish = (ok) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        audio.onended = audio.onerror = null;
        resolve(ok);
      };
      const timer = setTimeout(() => { audio.pause(); finish(false); }, limitMs);
      audio.onended = () => finish(true);
      audio.onerror = () => finish(false);
      const p = audio.play();
      // Refused autoplay (a browser started without --autoplay-policy=...): skip, don't hang.
      if (p && p.catch) p.catch(() => finish(false));
    });
  }

  function say(u) {
    return new Promise((resolve) => {
      const synth = window.speechSynthesis;
      if (!synth || typeof SpeechSynthesisUtterance === "undefined") return resolve(false);
      const utt = new SpeechSynthesisUtterance(u.text);
      utt.lang = localeOf(u.lang);
      const voice = synth.getVoices().find((v) => v.lang && v.lang.toLowerCase().startsWith(u.lang));
      if (voice) utt.voice = voice;
      utt.rate = 0.85;
      let done = false;
      const finish = (ok) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(ok);
      };
      // Some platforms never fire onend (no voice installed): give up after a generous while.
      const timer = setTimeout(() => { synth.cancel(); finish(false); }, 3000 + u.text.length * 150);
      utt.onend = () => finish(true);
      utt.onerror = () => finish(false);
      synth.speak(utt);
    });
  }

  // ---- state from the station ----

  function accept(msg, authoritative) {
    if (!msg || !msg.state) return;
    // A late, older state is ignored; the first message of a connection always counts (the
    // station may have restarted and counts versions from zero again).
    if (state && !authoritative && msg.state.version <= state.version) return;
    state = msg.state;
    const t = Date.now();
    for (const a of msg.announce || []) fresh.set(keyOf(a.call), t + HIGHLIGHT_MS);
    render();
    for (const a of msg.announce || []) enqueue(a);
  }

  function connect() {
    const es = new EventSource("/events");
    let first = true;
    es.onopen = () => {
      stationUp = true;
      first = true;
      renderLink();
    };
    es.onmessage = (e) => {
      let msg;
      try {
        msg = JSON.parse(e.data);
      } catch {
        return;
      }
      stationUp = true;
      accept(msg, first);
      first = false;
    };
    es.onerror = () => {
      stationUp = false;
      if (state) renderLink();
      // EventSource retries by itself unless the answer was an HTTP error; then we retry.
      if (es.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
    };
  }

  try {
    accept(JSON.parse($("initial-state").textContent), true);
  } catch {
    // No embedded state (page opened from a file?): /events brings it.
  }
  tick();
  connect();
})();
