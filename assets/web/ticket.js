/* The citizen's ticket page: the ticket's view live, "your turn at counter N" when called,
   and after service the four faces once. */
(function () {
  "use strict";

  var TEXTS = {
    vi: {
      title: "Phiếu {number}",
      your_number: "Số của bạn",
      ahead: "Trước bạn còn <b>{n}</b> người",
      next: "Bạn là người tiếp theo",
      keep_open: "Giữ trang này mở: trang tự cập nhật khi đến lượt.",
      now: "Đến lượt bạn",
      go: "Mời đến <strong>quầy {c}</strong>",
      recalled: "Đã gọi lại {r} lần",
      serving: "Đang được phục vụ tại quầy {c}",
      done: "Đã phục vụ xong tại quầy {c}",
      no_show: "Bạn đã không có mặt khi được gọi. Vui lòng đến quầy {c} để được gọi lại.",
      cancelled: "Phiếu này đã bị hủy.",
      expired: "Phiếu này đã hết hạn.",
      gone: "Phiếu này không thuộc ngày hôm nay.",
      thanks: "Cảm ơn quý khách đã đánh giá!",
      rated: "Phiếu này đã được đánh giá. Cảm ơn quý khách!",
      closed_note: "Đã hết thời gian đánh giá cho phiếu này.",
      already_rated: "Phiếu này đã được đánh giá.",
      rating_closed: "Đã hết thời gian đánh giá.",
      not_served: "Phiếu chưa được phục vụ xong.",
      wrong_counter: "Không đánh giá được phiếu này.",
      other_language: "English",
      other_href: "?lang=en"
    },
    en: {
      title: "Ticket {number}",
      your_number: "Your number",
      ahead: "<b>{n}</b> people ahead of you",
      next: "You are next",
      keep_open: "Keep this page open: it updates itself when it is your turn.",
      now: "It is your turn",
      go: "Please go to <strong>counter {c}</strong>",
      recalled: "Called again {r} times",
      serving: "Being served at counter {c}",
      done: "Served at counter {c}",
      no_show: "You were not there when called. Please go to counter {c} to be called again.",
      cancelled: "This ticket was cancelled.",
      expired: "This ticket has expired.",
      gone: "This ticket is not from today.",
      thanks: "Thank you for your rating!",
      rated: "This ticket has been rated. Thank you!",
      closed_note: "The time for rating this ticket has passed.",
      already_rated: "This ticket has already been rated.",
      rating_closed: "The time for rating has passed.",
      not_served: "This ticket has not been served yet.",
      wrong_counter: "This ticket cannot be rated here.",
      other_language: "Tiếng Việt",
      other_href: "?"
    }
  };
  var t = function (key, slots) { return Live.t(TEXTS, key, slots); };
  var $ = function (id) { return document.getElementById(id); };
  var page = Live.json("page") || {};
  var thanked = false;
  var lastState = null;

  $("number-label").textContent = t("your_number");
  $("rate-question").textContent = t("question");
  $("reason-label").textContent = t("reason");
  $("send").textContent = t("send");
  $("conn").textContent = t("offline");
  $("language").textContent = t("other_language");
  $("language").setAttribute("href", t("other_href"));

  var rating = Live.rating($("rate"), TEXTS, function (score, reason, done) {
    Live.post(page.base + "/rating", { score: score, reason: reason }, function (status, answer) {
      var failure = Live.ratingFailure(TEXTS, status, answer);
      if (!failure || (answer && answer.refusal && answer.refusal.refusal === "already_rated")) {
        thanked = true;
        $("rate").hidden = true;
        $("thanks").hidden = false;
        $("thanks").textContent = failure ? t("rated") : t("thanks");
      }
      done(failure);
    });
  });

  function line(html, cls) {
    return '<p' + (cls ? ' class="' + cls + '"' : "") + ">" + html + "</p>";
  }

  function waiting(v) {
    var parts = [];
    parts.push(line(v.people_ahead > 0 ? t("ahead", { n: v.people_ahead }) : t("next"), "big"));
    // The hub words the estimate, as the ticket and the kiosk do.
    if (v.wait_text) parts.push(line(Live.escape(Live.lang === "en" ? v.wait_text.en : v.wait_text.vi)));
    parts.push(line(t("keep_open"), "muted"));
    return parts.join("");
  }

  function draw(v) {
    var status = $("status");
    if (!v) {
      $("number").textContent = "—";
      $("field").textContent = "";
      status.innerHTML = line(t("gone"), "notice");
      $("rate").hidden = true;
      return;
    }
    document.title = t("title", { number: v.number });
    $("number").textContent = v.number;
    $("field").textContent = Live.lang === "en" ? v.field.en : v.field.vi;
    var c = v.counter;
    var html;
    switch (v.state) {
      case "waiting": html = waiting(v); break;
      case "called":
        html = '<div class="turn">' + line(t("now"), "now") + line(t("go", { c: c }), "go") + "</div>" +
          (v.recalls > 0 ? line(t("recalled", { r: v.recalls }), "muted") : "");
        break;
      case "serving": html = line(t("serving", { c: c }), "big"); break;
      case "done": html = line(t("done", { c: c }), "served"); break;
      case "no_show": html = line(t("no_show", { c: c }), "notice"); break;
      case "cancelled": html = line(t("cancelled"), "notice"); break;
      default: html = line(t("expired"), "notice");
    }
    status.innerHTML = html;
    if (v.state === "called" && lastState !== "called" && lastState !== null && navigator.vibrate) {
      navigator.vibrate([300, 150, 300, 150, 300]);
    }
    lastState = v.state;

    var open = v.rating === "open" && !thanked;
    $("rate").hidden = !open;
    if (!thanked) {
      $("thanks").hidden = v.rating !== "rated" && v.rating !== "closed";
      $("thanks").textContent = v.rating === "closed" ? t("closed_note") : t("rated");
      $("thanks").className = v.rating === "closed" ? "label" : "thanks";
    }
  }

  rating.reset();
  draw(Live.json("view"));
  Live.follow(page.base + "/events", draw, Live.linkShown("conn"));
})();
