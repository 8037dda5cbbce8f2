// Countdowns run here, in the browser, from the seconds left that the server rendered into
// data-remaining; a re-rendered region (or a reconnect) simply gives a fresh starting point.
// "Time is nearly up" and "Time is up" are announced once per countdown, not every second.
(function () {
  "use strict";
  var starts = new WeakMap();
  var announced = {};
  function clock(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var mm = h ? (m < 10 ? "0" : "") + m : String(m);
    return (h ? h + ":" : "") + mm + ":" + (s < 10 ? "0" : "") + s;
  }
  function announce(text) {
    var live = document.getElementById("countdown-announce");
    if (live) { live.textContent = text; }
  }
  function tick() {
    var now = performance.now();
    var clocks = document.querySelectorAll("[data-countdown]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var stamp = el.getAttribute("data-remaining") + "|" + el.getAttribute("data-running") + "|" + el.getAttribute("data-key");
      var start = starts.get(el);
      if (!start || start.stamp !== stamp) {
        start = { stamp: stamp, remaining: Number(el.getAttribute("data-remaining")) || 0, at: now };
        starts.set(el, start);
      }
      var running = el.getAttribute("data-running") === "true";
      var left = running ? Math.max(0, Math.round(start.remaining - (now - start.at) / 1000)) : start.remaining;
      var value = el.querySelector(".countdown-value");
      if (value && value.textContent !== clock(left)) { value.textContent = clock(left); }
      el.classList.toggle("is-up", left === 0);
      if (!running) { continue; }
      var key = el.getAttribute("data-key");
      var warnAt = Number(el.getAttribute("data-warn-at")) || 30;
      if (left === 0 && announced[key] !== "up") {
        announced[key] = "up";
        announce(el.getAttribute("data-up") || "");
      } else if (left > 0 && left <= warnAt && !announced[key]) {
        announced[key] = "nearly";
        announce(el.getAttribute("data-nearly") || "");
      }
    }
  }
  setInterval(tick, 250);
  document.addEventListener("DOMContentLoaded", tick);
})();
