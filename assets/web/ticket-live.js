/* What the ticket page, the rating tablet and the overview share: their texts in two
   languages, the live view over server-sent events with a watchdog, a JSON POST, and the
   four faces. Plain ES5 so that cheap and old phone browsers run it. */
var Live = (function () {
  "use strict";

  var lang = document.documentElement.lang === "en" ? "en" : "vi";

  /* Fills {name} slots of a text. */
  function format(text, slots) {
    return String(text).replace(/\{(\w+)\}/g, function (all, name) {
      return slots && slots[name] !== undefined ? slots[name] : all;
    });
  }

  /* What every page says alike: the rating and the lost link. */
  var COMMON = {
    vi: {
      question: "Quý khách có hài lòng với việc giải quyết thủ tục?",
      very_satisfied: "Rất hài lòng",
      satisfied: "Hài lòng",
      neutral: "Bình thường",
      dissatisfied: "Không hài lòng",
      reason: "Góp ý thêm (không bắt buộc)",
      send: "Gửi đánh giá",
      sending: "Đang gửi…",
      too_long: "Góp ý tối đa 300 ký tự.",
      failed: "Chưa gửi được. Vui lòng thử lại.",
      offline: "Mất kết nối — đang kết nối lại…"
    },
    en: {
      question: "How satisfied are you with the service?",
      very_satisfied: "Very satisfied",
      satisfied: "Satisfied",
      neutral: "Neutral",
      dissatisfied: "Dissatisfied",
      reason: "Anything to add? (optional)",
      send: "Send rating",
      sending: "Sending…",
      too_long: "At most 300 characters, please.",
      failed: "Not sent. Please try again.",
      offline: "Connection lost — reconnecting…"
    }
  };

  /* The text `key` of `dict` (or of the common texts) in the page's language, slots
     filled. */
  function t(dict, key, slots) {
    var texts = dict[lang] || dict.vi;
    var text = texts[key] !== undefined ? texts[key] : dict.vi[key];
    if (text === undefined) { text = COMMON[lang][key]; }
    return format(text, slots);
  }

  function json(id) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }

  /* Follows `url`: `onView(view)` for each view, `onLink(up)` when the link comes or goes.
     The browser reconnects a dropped stream by itself, but not one the hub refused (it
     restarts) or one that went quiet (a proxy, a sleeping phone): the watchdog reopens
     those, waiting longer each time up to 15 seconds. */
  function follow(url, onView, onLink) {
    var source = null;
    var heard = new Date().getTime();
    var wait = 1000;
    var timer = null;

    function alive() {
      heard = new Date().getTime();
      wait = 1000;
      onLink(true);
    }
    function reopen() {
      if (source) { source.close(); source = null; }
      onLink(false);
      if (timer) { return; }
      timer = setTimeout(function () { timer = null; open(); }, wait);
      wait = Math.min(wait * 2, 15000);
    }
    function open() {
      heard = new Date().getTime();
      source = new EventSource(url);
      source.addEventListener("view", function (e) {
        alive();
        var view = null;
        try { view = JSON.parse(e.data); } catch (err) { return; }
        onView(view);
      });
      source.addEventListener("ping", alive);
      source.onerror = function () {
        onLink(false);
        if (source && source.readyState === 2) { reopen(); }
      };
    }
    setInterval(function () {
      if (new Date().getTime() - heard > 35000) { heard = new Date().getTime(); reopen(); }
    }, 5000);
    open();
  }

  /* POSTs `body` as JSON; `done(status, answer)` with status 0 when the hub was not reached. */
  function post(url, body, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url, true);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.timeout = 15000;
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) { return; }
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
      done(xhr.status, answer);
    };
    xhr.send(JSON.stringify(body));
  }

  var FACES = {
    very_satisfied: { colour: "#1b873f", mouth: "M14 27 Q24 40 34 27" },
    satisfied: { colour: "#7cb342", mouth: "M15 29 Q24 35 33 29" },
    neutral: { colour: "#f2a900", mouth: "M15 31 L33 31" },
    dissatisfied: { colour: "#d84315", mouth: "M15 34 Q24 26 33 34" }
  };
  var SCORES = ["very_satisfied", "satisfied", "neutral", "dissatisfied"];

  /* A face drawn in SVG (no emoji font needed). */
  function face(score) {
    var f = FACES[score];
    return '<svg viewBox="0 0 48 48" aria-hidden="true">' +
      '<circle cx="24" cy="24" r="22" fill="' + f.colour + '"/>' +
      '<circle cx="17" cy="19" r="3" fill="#fff"/><circle cx="31" cy="19" r="3" fill="#fff"/>' +
      '<path d="' + f.mouth + '" stroke="#fff" stroke-width="3.5" fill="none" stroke-linecap="round"/>' +
      "</svg>";
  }

  /* Text safe inside HTML. */
  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Shows the link state in the element `id`. */
  function linkShown(id) {
    return function (up) {
      var el = document.getElementById(id);
      if (el) { el.hidden = up; }
    };
  }

  return {
    lang: lang,
    t: t,
    json: json,
    follow: follow,
    post: post,
    face: face,
    scores: SCORES,
    escape: escape,
    linkShown: linkShown
  };
})();

/* The four faces with an optional reason, sending one rating: the ticket page and the
   tablet both use it. `texts` has the face names, `send(score, reason, answer)` posts. */
Live.rating = function (root, texts, send) {
  "use strict";
  var faces = root.querySelector(".faces");
  var reason = root.querySelector("textarea");
  var button = root.querySelector(".send");
  var message = root.querySelector(".message");
  var chosen = null;
  var busy = false;

  faces.innerHTML = Live.scores.map(function (s) {
    return '<button type="button" data-score="' + s + '" aria-pressed="false">' +
      Live.face(s) + "<span>" + Live.escape(Live.t(texts, s)) + "</span></button>";
  }).join("");

  function choose(score) {
    chosen = score;
    var buttons = faces.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-score") === score));
    }
    button.disabled = busy || !chosen;
  }
  faces.addEventListener("click", function (e) {
    var el = e.target;
    while (el && el !== faces && !el.getAttribute("data-score")) { el = el.parentNode; }
    if (el && el !== faces) { choose(el.getAttribute("data-score")); }
  });
  button.addEventListener("click", function () {
    if (!chosen || busy) { return; }
    busy = true;
    button.disabled = true;
    message.className = "message";
    message.textContent = Live.t(texts, "sending");
    send(chosen, reason.value, function (failure) {
      busy = false;
      button.disabled = !chosen;
      message.className = failure ? "message bad" : "message";
      message.textContent = failure || "";
    });
  });

  return {
    /* Back to no face chosen and an empty reason. */
    reset: function () {
      reason.value = "";
      message.textContent = "";
      choose(null);
    }
  };
};

/* A refused or failed rating in the citizen's words; null when it was saved. */
Live.ratingFailure = function (texts, status, answer) {
  "use strict";
  if (status === 200) { return null; }
  var refusal = answer && answer.refusal && answer.refusal.refusal;
  var known = {
    already_rated: "already_rated",
    rating_closed: "rating_closed",
    not_served: "not_served",
    wrong_counter: "wrong_counter",
    bad_rating_reason: "too_long"
  };
  if (refusal && known[refusal]) { return Live.t(texts, known[refusal]); }
  return Live.t(texts, "failed");
};
