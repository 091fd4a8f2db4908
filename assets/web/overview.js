/* The manager's live overview: counters (open, paused and why, current number), the queue
   and its oldest wait per field, devices that need staff. Waits count up between views
   with the hub's clock. */
(function () {
  "use strict";

  var TEXTS = {
    vi: {
      title: "Tổng quan trực tiếp",
      counters: "Quầy",
      fields: "Hàng chờ theo lĩnh vực",
      devices: "Thiết bị cần xử lý",
      waiting_total: "Đang chờ",
      open_total: "Quầy mở",
      paused_total: "Tạm dừng",
      served_total: "Đã phục vụ hôm nay",
      rated_total: "Lượt đánh giá",
      counter: "Quầy {c}",
      closed: "Đóng",
      idle: "Đang rảnh",
      paused: "Tạm dừng: {reason}",
      called: "Đã gọi {number} · {time}",
      serving: "Đang phục vụ {number} · {time}",
      field: "Lĩnh vực",
      waiting: "Đang chờ",
      oldest: "Chờ lâu nhất",
      serving_counters: "Quầy phục vụ",
      served: "Đã phục vụ",
      field_closed: "ngừng cấp số",
      none_serving: "không có quầy",
      no_devices: "Không có sự cố.",
      dismiss: "Bỏ cảnh báo",
      other_language: "English",
      other_href: "?lang=en",
      reports: "Báo cáo",
      reports_href: "/reports"
    },
    en: {
      title: "Live overview",
      counters: "Counters",
      fields: "Queue by field",
      devices: "Devices that need staff",
      waiting_total: "Waiting",
      open_total: "Counters open",
      paused_total: "Paused",
      served_total: "Served today",
      rated_total: "Ratings",
      counter: "Counter {c}",
      closed: "Closed",
      idle: "Free",
      paused: "Paused: {reason}",
      called: "Called {number} · {time}",
      serving: "Serving {number} · {time}",
      field: "Field",
      waiting: "Waiting",
      oldest: "Longest wait",
      serving_counters: "Counters",
      served: "Served",
      field_closed: "not issuing",
      none_serving: "no counter",
      no_devices: "No problems.",
      dismiss: "Dismiss",
      other_language: "Tiếng Việt",
      other_href: "?",
      reports: "Reports",
      reports_href: "/reports?lang=en"
    }
  };
  var t = function (key, slots) { return Live.t(TEXTS, key, slots); };
  var $ = function (id) { return document.getElementById(id); };
  var esc = Live.escape;
  var office = Live.json("office") || { offset_minutes: 420, target_minutes: 15 };
  var view = null;
  var skew = 0;

  $("title").textContent = t("title");
  document.title = t("title");
  $("counters-title").textContent = t("counters");
  $("fields-title").textContent = t("fields");
  $("devices-title").textContent = t("devices");
  $("conn").textContent = t("offline");
  $("language").textContent = t("other_language");
  $("language").setAttribute("href", t("other_href"));
  $("reports").textContent = t("reports");
  $("reports").setAttribute("href", t("reports_href"));

  function hubNow() { return new Date().getTime() + skew; }

  /* A duration as m:ss under an hour, h:mm:ss beyond. */
  function duration(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return (h > 0 ? h + ":" + pad(m) : String(m)) + ":" + pad(s % 60);
  }

  function clock() {
    var local = new Date(hubNow() + office.offset_minutes * 60000);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    $("clock").textContent = pad(local.getUTCHours()) + ":" + pad(local.getUTCMinutes()) + ":" +
      pad(local.getUTCSeconds());
  }

  function total(label, value, cls) {
    return '<div class="total' + (cls ? " " + cls : "") + '"><span class="value">' + value +
      '</span><span class="name">' + esc(label) + "</span></div>";
  }

  function counterCard(c, now) {
    var state, cls;
    if (!c.clerk) {
      state = t("closed"); cls = "closed";
    } else if (c.paused !== null && c.paused !== undefined) {
      state = t("paused", { reason: esc(c.paused) }); cls = "paused";
    } else if (c.current) {
      var key = c.current_state === "serving" ? "serving" : "called";
      state = t(key, { number: "<b>" + esc(c.current) + "</b>", time: duration(now - c.since_ms) });
      cls = key;
    } else {
      state = t("idle"); cls = "idle";
    }
    return '<article class="counter ' + cls + '"><h3>' + esc(t("counter", { c: c.counter })) + "</h3>" +
      '<p class="clerk">' + (c.clerk ? esc(c.clerk) : "&nbsp;") + "</p>" +
      '<p class="state">' + state + "</p>" +
      '<p class="served-fields">' + esc(c.fields.join(" · ")) + "</p></article>";
  }

  function fieldRow(f, now) {
    var name = Live.lang === "en" ? f.field.en : f.field.vi;
    var late = f.oldest_ms && now - f.oldest_ms > office.target_minutes * 60000;
    var notes = [];
    if (!f.open) { notes.push(t("field_closed")); }
    if (f.waiting > 0 && f.counters === 0) { notes.push(t("none_serving")); }
    return "<tr" + (late ? ' class="late"' : "") + "><th>" + esc(name) +
      (notes.length ? ' <span class="note">' + esc(notes.join(", ")) + "</span>" : "") + "</th>" +
      '<td class="num">' + f.waiting + "</td>" +
      '<td class="num">' + (f.oldest_ms ? duration(now - f.oldest_ms) : "—") + "</td>" +
      '<td class="num">' + f.counters + "</td>" +
      '<td class="num">' + f.served + "</td></tr>";
  }

  function draw() {
    clock();
    if (!view) { return; }
    var now = hubNow();
    var waiting = 0, served = 0, open = 0, paused = 0, i;
    for (i = 0; i < view.fields.length; i++) {
      waiting += view.fields[i].waiting;
      served += view.fields[i].served;
    }
    for (i = 0; i < view.counters.length; i++) {
      if (view.counters[i].clerk) { open += 1; }
      if (view.counters[i].clerk && view.counters[i].paused !== null) { paused += 1; }
    }
    $("totals").innerHTML = total(t("waiting_total"), waiting) +
      total(t("open_total"), open + "/" + view.counters.length) +
      total(t("paused_total"), paused, paused ? "warn" : "") +
      total(t("served_total"), served) +
      total(t("rated_total"), view.rated);
    $("counters").innerHTML = view.counters.map(function (c) { return counterCard(c, now); }).join("");
    $("fields").innerHTML = "<thead><tr><th>" + esc(t("field")) + "</th><th>" + esc(t("waiting")) +
      "</th><th>" + esc(t("oldest")) + "</th><th>" + esc(t("serving_counters")) + "</th><th>" +
      esc(t("served")) + "</th></tr></thead><tbody>" +
      view.fields.map(function (f) { return fieldRow(f, now); }).join("") + "</tbody>";
    $("devices").innerHTML = view.devices.length ?
      view.devices.map(deviceRow).join("") :
      '<li class="ok">' + esc(t("no_devices")) + "</li>";
  }

  /* A device that needs staff: its problem, when it left (if it has), the technical
     detail as a second line, and the manager's button to dismiss the alert. */
  function deviceRow(d) {
    var lang = document.documentElement.lang === "en" ? "en" : "vi";
    var gone = d.gone ? ' <span class="gone">(' + esc(d.gone[lang]) + ")</span>" : "";
    var detail = d.detail ? '<div class="detail">' + esc(d.detail) + "</div>" : "";
    return '<li><div class="problem"><b>' + esc(d.device) + "</b>: " + esc(d.problem) + gone +
      detail + '</div><form method="post" action="/overview/dismiss">' +
      '<input type="hidden" name="device" value="' + esc(d.device) + '">' +
      '<input type="hidden" name="lang" value="' + lang + '">' +
      '<button type="submit">' + esc(t("dismiss")) + "</button></form></li>";
  }

  function update(v) {
    view = v;
    if (v && v.now_ms) { skew = v.now_ms - new Date().getTime(); }
    draw();
  }

  /* A stream refused for want of a session (signed out, eight hours gone, or the hub
     restarted and forgot it) does not come back by itself. When the link drops, ask the
     stream once: if it says 401, reloading the page leads to the sign-in and back here. */
  var asking = false;
  function askSession(up) {
    if (up || asking) { return; }
    asking = true;
    var xhr = new XMLHttpRequest();
    xhr.open("GET", "/overview/events", true);
    xhr.onreadystatechange = function () {
      if (!asking || xhr.readyState < 2) { return; }
      asking = false;
      if (xhr.status === 401) { location.reload(); }
      xhr.abort();
    };
    xhr.send();
  }
  var showLink = Live.linkShown("conn");

  update(Live.json("view"));
  setInterval(draw, 1000);
  Live.follow("/overview/events", update, function (up) {
    showLink(up);
    askSession(up);
  });
})();
