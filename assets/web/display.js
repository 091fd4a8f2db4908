// The wall display in a TV's browser: draws the board the hub sends over server-sent events,
// shows and announces each call in turn, and reconnects by itself whenever the stream closes
// or goes quiet. Plain script, no external URLs: an office LAN may have no internet.
"use strict";
(function () {
  // Every word is the hub's (shared::board::words, the native display's too), embedded in
  // the page in its language; this script only fills numbers and dates into them.
  const T = JSON.parse(document.getElementById("words").textContent);
  const lang = T.lang;
  const fill = (word, value) => word.replace("{}", value);
  const $ = (id) => document.getElementById(id);
  function pad(n) { return String(n).padStart(2, "0"); }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // What the hub said last.
  let board = null;
  let highlightMs = 8000;
  let heartbeatMs = 5000;
  let volume = 1;
  let skewMs = 0;
  let offsetMin = 420;

  // ---- The clock: the hub's time in the office's zone, whatever the TV's own clock says.
  function setClock(c) {
    skewMs = c.now_ms - Date.now();
    offsetMin = c.offset_minutes;
    tick();
  }
  function tick() {
    const t = new Date(Date.now() + skewMs + offsetMin * 60000);
    $("date").textContent = dateText(t);
    $("clock").textContent = pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes()) + ":" + pad(t.getUTCSeconds());
  }
  // shared::calendar::date: the calendar's weekday and format, for a time already in the
  // office's zone (read with the getUTC* methods).
  function dateText(t) {
    return T.date
      .replace("{weekday}", T.weekdays[t.getUTCDay()])
      .replace("{dd}", pad(t.getUTCDate()))
      .replace("{mm}", pad(t.getUTCMonth() + 1))
      .replace("{yyyy}", String(t.getUTCFullYear()));
  }
  // The office's wall time at `ms` on the TV's clock, as HH:MM.
  function hhmm(ms) {
    const t = new Date(ms + skewMs + offsetMin * 60000);
    return pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes());
  }
  // For tests: the date this page shows for a moment (ms since the epoch, UTC).
  window.displayDate = (ms) => dateText(new Date(ms + offsetMin * 60000));
  setInterval(tick, 1000);

  // ---- The board.
  function drawBoard(b) {
    board = b;
    $("office").textContent = lang === "en" && b.office_en ? b.office_en : b.office;
    drawRecent(b.recent);
    drawCounters(b.counters);
    drawWaiting(b.waiting);
    drawNotice(lang === "en" && b.notice_en ? b.notice_en : b.notice);
    // A lit call the clerk has withdrawn (no-show, cancel, transfer) goes dark at once.
    if (litCall && withdrawn(litCall)) {
      litCall = null;
      clearTimeout(litTimer);
    }
    if ((!current || withdrawn(current)) && !litCall) drawIdle();
  }

  function drawRecent(recent) {
    const list = $("recent");
    list.style.setProperty("--rows", Math.max(1, Math.ceil(recent.length / 2)));
    list.replaceChildren();
    if (!recent.length) list.append(el("li", "empty-line", T.none));
    // What became of each call is the board's (shared::board); a call that no longer
    // stands keeps its line, marked.
    recent.forEach((c, i) => {
      const stands = c.outcome === "calling" || c.outcome === "came";
      const li = el("li", stands ? (i === 0 ? "first" : "") : "marked " + c.outcome);
      li.dataset.ticket = c.ticket;
      const to = el("span", "to", fill(T.recent_counter, c.counter));
      if (!stands) to.append(el("span", "mark", T[c.outcome]));
      li.append(el("span", "no", c.display), to);
      list.append(li);
    });
  }

  function drawCounters(counters) {
    const grid = $("counters");
    const n = counters.length;
    const cols = n <= 3 ? n || 1 : n <= 6 ? 3 : n <= 12 ? 4 : n <= 20 ? 5 : 6;
    grid.style.setProperty("--cols", cols);
    grid.replaceChildren();
    for (const c of counters) {
      const state = !c.open ? "closed" : c.paused ? "paused" : "";
      const tile = el("div", "tile " + state);
      tile.dataset.counter = c.counter;
      const shown = !c.open ? T.closed : c.paused ? T.paused : c.current || T.free;
      tile.append(el("div", "name", fill(T.counter, c.counter)), el("div", "current", shown));
      if (litCall && litCall.counter === c.counter) tile.classList.add("fresh");
      grid.append(tile);
    }
    sizeTiles();
  }

  // The tiles share the counters' panel in equal rows; their text is sized from the room
  // each tile gets, so that 3 or 30 counters fit a 1366x768 TV as well as a 1920x1080 one.
  function sizeTiles() {
    const grid = $("counters");
    const n = grid.children.length;
    if (!n) return;
    const cols = Number(grid.style.getPropertyValue("--cols")) || 3;
    const rows = Math.ceil(n / cols);
    const gap = parseFloat(getComputedStyle(grid).rowGap) || 0;
    const h = (grid.clientHeight - gap * (rows + 1)) / rows;
    const w = (grid.clientWidth - gap * (cols + 1)) / cols;
    // A tile holds its name (0.9 units) over its number (2.2 units, about 5 units wide).
    const unit = Math.max(6, Math.min(h / 3.9, w / 6, window.innerHeight * 0.034));
    grid.style.setProperty("--tile", unit.toFixed(1) + "px");
  }
  window.addEventListener("resize", () => {
    sizeTiles();
    fitWaiting();
  });
  // Names measured in a fallback font before the bundled one arrived are measured again.
  if (document.fonts) document.fonts.addEventListener("loadingdone", fitWaiting);

  function drawWaiting(fields) {
    const list = $("waiting");
    list.replaceChildren();
    for (const f of fields) {
      const li = el("li", f.open ? "" : "closed");
      li.dataset.field = f.code;
      const name = lang === "en" ? f.name_en : f.name;
      // Words::waiting_count.
      const count = !f.open && !f.waiting ? T.stopped : fill(f.waiting === 1 ? T.person : T.people, f.waiting);
      li.append(el("span", "name", name), el("span", "count", count));
      list.append(li);
    }
    fitWaiting();
  }

  // Every field on screen, however many the office has and whatever the TV's shape.
  function fitWaiting() {
    const list = $("waiting");
    let size = 3.4;
    list.style.setProperty("--field-size", size + "vh");
    while (list.scrollHeight > list.clientHeight && size > 1.2) {
      size -= 0.1;
      list.style.setProperty("--field-size", size.toFixed(1) + "vh");
    }
  }

  let noticeText = null;
  function drawNotice(text) {
    if (text === noticeText) return;
    noticeText = text;
    const span = $("notice").firstElementChild;
    span.replaceChildren(el("span", "", text), el("span", "", text));
    // About as fast to read whatever its length.
    $("notice").style.setProperty("--scroll", Math.max(20, text.length * 0.22) + "s");
    $("notice").parentElement.hidden = !text;
  }

  // ---- The big panel: the call being announced, lit; otherwise the newest call.
  function drawNow(label, number, counter, isLit) {
    const now = $("now");
    now.classList.toggle("lit", isLit);
    now.classList.toggle("empty", !number);
    $("now-label").textContent = number ? label : "";
    $("now-number").textContent = number || T.none;
    $("now-counter").textContent = number ? fill(T.to_counter, counter) : "";
    for (const tile of document.querySelectorAll(".tile")) {
      tile.classList.toggle("fresh", isLit && Number(tile.dataset.counter) === counter);
    }
  }
  function drawIdle() {
    const latest = board && board.panel;
    if (latest) drawNow(T.last, latest.display, latest.counter, false);
    else drawNow("", null, null, false);
  }

  // ---- Calls, one at a time and in order: none is cut off; a recall is announced again.
  const queue = [];
  let current = null;
  let litCall = null;
  let litTimer = null;
  const audio = $("voice");
  const MIN_TURN_MS = 3000;

  function enqueue(call) {
    queue.push(call);
    if (!current) next();
  }

  // Board.still_called and Board.withdrawn of shared::board, read from the board's lines.
  // A call whose citizen has already reached the counter, or whose call was withdrawn, is
  // not lit or said: in a burst faster than the voice, the screen catches up with the room.
  // A board older than the call knows nothing of it yet and keeps it.
  function lineOf(call) {
    return board.recent.find((c) => c.ticket === call.ticket && c.counter === call.counter);
  }
  function atCounter(call) {
    return board.counters.some((c) => c.counter === call.counter && c.current === call.display);
  }
  function stillCalled(call) {
    if (!board || board.seq < call.seq) return true;
    const r = lineOf(call);
    return atCounter(call) && (!r || r.outcome === "calling");
  }
  function withdrawn(call) {
    if (!board || board.seq < call.seq) return false;
    const r = lineOf(call);
    return !((r && (r.outcome === "calling" || r.outcome === "came")) || atCounter(call));
  }

  function next() {
    while (queue.length && !stillCalled(queue[0])) queue.shift();
    current = queue.shift() || null;
    if (!current) {
      if (!litCall) drawIdle();
      return;
    }
    const call = current;
    litCall = call;
    drawNow(call.recall ? T.recalling : T.calling, call.display, call.counter, true);
    clearTimeout(litTimer);
    litTimer = setTimeout(() => {
      litCall = null;
      if (current === call && !withdrawn(call)) drawNow(call.recall ? T.recalling : T.calling, call.display, call.counter, false);
      else if (!current || withdrawn(current)) drawIdle();
    }, highlightMs);
    const started = Date.now();
    let done = false;
    let guard = null;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      // Each call stays in front long enough to read, even when several come together.
      const rest = Math.max(0, Math.min(MIN_TURN_MS, highlightMs) - (Date.now() - started));
      setTimeout(() => {
        current = null;
        next();
      }, rest);
    };
    if (!call.audio) return finish();
    audio.onended = finish;
    audio.onerror = finish;
    audio.volume = volume;
    audio.src = call.audio;
    // A clip that never ends (a stalled download) must not hold the queue.
    guard = setTimeout(finish, 30000);
    const played = audio.play();
    if (played) {
      played.catch((e) => {
        if (e && e.name === "NotAllowedError") $("sound").hidden = false;
        finish();
      });
    }
  }
  // A browser not started with the autoplay flag plays sound after one touch.
  const unlock = () => {
    $("sound").hidden = true;
  };
  document.addEventListener("click", unlock);
  document.addEventListener("keydown", unlock);

  // ---- The stream and its watchdog.
  let source = null;
  let lastSeen = Date.now();
  let everSeen = false;
  let retryMs = 1000;
  let retryTimer = null;

  function seen() {
    everSeen = true;
    lastSeen = Date.now();
    retryMs = 1000;
    $("offline").hidden = true;
  }

  function connect() {
    retryTimer = null;
    lastSeen = Date.now();
    const url = location.pathname.replace(/\/+$/, "") + "/events";
    source = new EventSource(url);
    source.addEventListener("hello", (e) => {
      const h = JSON.parse(e.data);
      if (h.build && h.build !== document.documentElement.dataset.build) {
        location.reload();
        return;
      }
      highlightMs = h.highlight_seconds * 1000;
      heartbeatMs = h.heartbeat_seconds * 1000;
      volume = h.volume;
      setClock(h);
      seen();
    });
    source.addEventListener("board", (e) => {
      seen();
      drawBoard(JSON.parse(e.data));
    });
    source.addEventListener("call", (e) => {
      seen();
      enqueue(JSON.parse(e.data));
    });
    source.addEventListener("heartbeat", (e) => {
      seen();
      setClock(JSON.parse(e.data));
    });
    // The browser's own retry keeps no watch on a stream that stays open but silent, so
    // every failure goes through one path: close, say so, and try again with backoff.
    source.onerror = () => reconnect();
  }

  function reconnect() {
    if (retryTimer) return;
    if (source) source.close();
    source = null;
    $("offline").textContent = everSeen ? fill(T.offline_since, hhmm(lastSeen)) : T.offline;
    $("offline").hidden = false;
    retryTimer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 10000);
  }

  setInterval(() => {
    if (source && Date.now() - lastSeen > 3 * heartbeatMs + 1000) reconnect();
  }, 1000);

  $("sound").textContent = T.sound;
  $("recent-title").textContent = T.recent;
  $("waiting-title").textContent = T.waiting;
  tick();
  drawIdle();
  connect();
})();
