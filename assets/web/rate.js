/* The rating tablet on a counter: the ticket just finished here and the four faces; one
   rating, thanks, then back to waiting for the next citizen. */
(function () {
  "use strict";

  var TEXTS = {
    vi: {
      counter: "Quầy {c}",
      counter_clerk: "Quầy {c} — {clerk}",
      hello: "Xin chào quý khách",
      closed: "Quầy đang tạm đóng",
      serving: "Đang phục vụ số {number}",
      after: "Sau khi được phục vụ, mời quý khách đánh giá tại đây.",
      which: "Số <strong>{number}</strong> · {field}",
      thanks: "Cảm ơn quý khách!",
      already_rated: "Số này đã được đánh giá.",
      rating_closed: "Đã hết thời gian đánh giá cho số này.",
      not_served: "Số này chưa được phục vụ xong.",
      wrong_counter: "Số này không được phục vụ tại quầy này."
    },
    en: {
      counter: "Counter {c}",
      counter_clerk: "Counter {c} — {clerk}",
      hello: "Welcome",
      closed: "This counter is closed for now",
      serving: "Now serving {number}",
      after: "After your service, please rate it here.",
      which: "Number <strong>{number}</strong> · {field}",
      thanks: "Thank you!",
      already_rated: "This number has already been rated.",
      rating_closed: "The time for rating this number has passed.",
      not_served: "This number has not been served yet.",
      wrong_counter: "This number was not served at this counter."
    }
  };
  /* How long the thanks stay before the tablet waits for the next citizen. */
  var THANKS_MS = 6000;
  var t = function (key, slots) { return Live.t(TEXTS, key, slots); };
  var $ = function (id) { return document.getElementById(id); };
  var page = Live.json("page") || {};
  var query = "?k=" + encodeURIComponent(page.key) + (Live.lang === "en" ? "&lang=en" : "");
  var view = null;
  var shown = null;
  var thanksUntil = 0;
  var clockSkew = 0;

  $("rate-question").textContent = t("question");
  $("reason-label").textContent = t("reason");
  $("send").textContent = t("send");
  $("conn").textContent = t("offline");
  $("thanks-text").textContent = t("thanks");

  var rating = Live.rating($("rate"), TEXTS, function (score, reason, done) {
    var ticket = view && view.to_rate && view.to_rate.ticket;
    Live.post(page.base + "/rating" + query, { ticket: ticket, score: score, reason: reason },
      function (status, answer) {
        var failure = Live.ratingFailure(TEXTS, status, answer);
        if (!failure) {
          thanksUntil = new Date().getTime() + THANKS_MS;
          setTimeout(draw, THANKS_MS + 50);
        }
        done(failure);
        draw();
      });
  });

  function draw() {
    if (!view) { return; }
    var now = new Date().getTime();
    $("where").textContent = view.clerk ?
      t("counter_clerk", { c: view.counter, clerk: view.clerk }) : t("counter", { c: view.counter });
    var thanking = now < thanksUntil;
    var item = view.to_rate;
    var open = !thanking && item && item.until_ms > now + clockSkew;
    $("thanks").hidden = !thanking;
    $("rate").hidden = !open;
    $("idle").hidden = thanking || open;
    if (open) {
      if (shown !== item.ticket) {
        shown = item.ticket;
        rating.reset();
      }
      $("which").innerHTML = t("which", {
        number: Live.escape(item.number),
        field: Live.escape(Live.lang === "en" ? item.field.en : item.field.vi)
      });
      return;
    }
    $("hello").textContent = view.clerk ? t("hello") : t("closed");
    $("sub").textContent = view.serving ? t("serving", { number: view.serving }) : (view.clerk ? t("after") : "");
  }

  function update(v) {
    view = v;
    clockSkew = v && v.now_ms ? v.now_ms - new Date().getTime() : 0;
    draw();
  }

  update(Live.json("view"));
  /* The window for rating closes with time alone. */
  setInterval(draw, 5000);
  Live.follow(page.base + "/events" + query, update, Live.linkShown("conn"));
})();
