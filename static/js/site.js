// Small progressive enhancements; every page is complete without them.
(function () {
  "use strict";

  var lang = document.documentElement.lang || "en";
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Session times in the reader's own time zone.
  function showLocalTimes(root) {
    var format = new Intl.DateTimeFormat(lang, {
      weekday: "short", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit",
      timeZoneName: "short"
    });
    root.querySelectorAll("time[data-local-time]").forEach(function (el) {
      el.textContent = format.format(new Date(el.getAttribute("datetime")));
    });
  }

  var words = {
    sv: { day: "dag", days: "dagar", h: "h", m: "min", s: "s", now: "startar nu", ends: "nu", prefix: "om " },
    en: { day: "day", days: "days", h: "h", m: "min", s: "s", now: "starting now", ends: "now", prefix: "in " }
  }[lang] || { day: "day", days: "days", h: "h", m: "min", s: "s", now: "starting now", ends: "now", prefix: "in " };

  // `live`: the time left of a session running ("Ends in 5 min", then "Ends now").
  function describe(ms, withSeconds, live) {
    if (ms <= 0) { return live ? words.ends : words.now; }
    var total = Math.floor(ms / 1000);
    var days = Math.floor(total / 86400);
    var hours = Math.floor((total % 86400) / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    var parts = [];
    // As the page's own text says it (events.schedule.remaining_text): "om 2 dagar 4 h".
    if (days) { parts.push(days + " " + (days === 1 ? words.day : words.days)); }
    if (days || hours) { parts.push(hours + " " + words.h); }
    parts.push(minutes + " " + words.m);
    if (withSeconds && !days) { parts.push(seconds + " " + words.s); }
    return words.prefix + parts.join(" ");
  }

  // Countdowns tick every second (every minute with reduced motion); screen readers
  // hear the time once a minute; at zero the block asks the server for its next state,
  // and asks again every half minute until it gets an answer (a bad connection, a restart).
  var RETRY_MS = 30000;
  var timers = [];
  // When each countdown's block last asked, by the moment it counts to: kept across swaps,
  // so that an answer still at zero (the reader's clock is ahead) waits before asking again.
  var askedAt = {};
  function startCountdowns(root) {
    root.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var target = new Date(el.getAttribute("datetime")).getTime();
      var block = el.closest(".countdown");
      // A staff preview of another moment: tick from that moment, not the device's clock.
      var offset = 0;
      if (block && block.hasAttribute("data-now")) {
        offset = new Date(block.getAttribute("data-now")).getTime() - Date.now();
      }
      var live = block && block.getAttribute("data-state") === "live";
      var announce = block && block.querySelector("[data-countdown-announce]");
      var lastMinute = null;
      var moment = el.getAttribute("datetime");
      function tick() {
        var left = target - (Date.now() + offset);
        el.textContent = describe(left, !reduceMotion, live);
        var minute = Math.floor(left / 60000);
        if (announce && minute !== lastMinute) {
          lastMinute = minute;
          announce.textContent = describe(left, false, live);
        }
        if (left <= 0 && window.htmx && block &&
            (!(moment in askedAt) || Date.now() - askedAt[moment] >= RETRY_MS)) {
          askedAt[moment] = Date.now();
          window.htmx.trigger(block, "countdown-end");
        }
      }
      tick();
      timers.push(setInterval(tick, reduceMotion ? 60000 : 1000));
    });
  }

  function enhance(root) {
    showLocalTimes(root);
    startCountdowns(root);
  }

  // "Load more" replaces itself with the next articles: keyboard and screen-reader users
  // land on the first new one instead of at the top of the page.
  var loadingMore = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var item = event.target.closest && event.target.closest(".load-more");
    if (item && item.parentElement) {
      var list = item.parentElement;
      loadingMore = { list: list, count: list.querySelectorAll(".article-card").length };
    }
  });
  function focusFirstNew() {
    if (!loadingMore) { return; }
    var first = loadingMore.list.querySelectorAll(".article-card")[loadingMore.count];
    loadingMore = null;
    var link = first && first.querySelector(".article-card__title a");
    if (link) { link.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) {
    timers.forEach(clearInterval);
    timers = [];
    enhance(document);
    focusFirstNew();
  });
})();
