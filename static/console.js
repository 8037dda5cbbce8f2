// The console's keyboard shortcuts for running a workshop, as presentation tools have them:
// N or Page Down: next activity; P or Page Up: previous; T: start, pause or resume the timer;
// R: reveal or hide the results; L: lock or unlock input; M: write a message to pin; ?: the
// list of shortcuts (the dialog #shortcuts, which the "Keyboard shortcuts" button opens too).
// Each shortcut presses the console's own button, so it does exactly what a click does (and
// asks first where the button asks). Keys typed in a text box, or with Ctrl, Alt or Meta, are
// left alone.
(function () {
  "use strict";
  // The first of these that is on the page is pressed; the running activity's own control
  // (data-shortcut) comes before the workshop-wide one.
  var TARGETS = {
    next: ["#agenda-next"],
    previous: ["#agenda-previous"],
    timer: ["#timer-pause", "#timer-resume", "#timer-start-button"],
    reveal: ["#console-activity [data-shortcut~='reveal']", "#results-curtain"],
    lock: ["#console-activity [data-shortcut~='lock']", "#input-lock"]
  };
  var KEYS = {
    n: "next", PageDown: "next", p: "previous", PageUp: "previous",
    t: "timer", r: "reveal", l: "lock"
  };

  function typing(target) {
    if (!target || !target.closest) { return false; }
    return Boolean(target.closest("input, textarea, select, [contenteditable], dialog[open]"));
  }

  function press(name) {
    var selectors = TARGETS[name];
    // A timer that has run out is started afresh, not paused at 0:00.
    if (name === "timer" && document.querySelector("#console-bar .timer.is-up")) {
      selectors = ["#timer-start-button"];
    }
    for (var i = 0; i < selectors.length; i++) {
      var button = document.querySelector(selectors[i]);
      if (button && button.offsetParent !== null) { button.click(); return true; }
    }
    return false;
  }

  function openShortcuts() {
    var dialog = document.getElementById("shortcuts");
    if (dialog && !dialog.open) { dialog.showModal(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) { return; }
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === "?") { event.preventDefault(); openShortcuts(); return; }
    if (key === "m") {
      var pin = document.getElementById("pin-text");
      if (pin && pin.offsetParent !== null) { event.preventDefault(); pin.focus(); }
      return;
    }
    var name = KEYS[key];
    if (name && press(name)) { event.preventDefault(); }
  });

  // The mode (plan or run) is kept for this browser tab: a page that comes back from a form
  // without ?mode= shows the one the facilitator chose last.
  var MODE_KEY = "piiri-console-mode";
  function applyMode(mode) {
    document.body.classList.remove("mode-plan", "mode-run");
    document.body.classList.add("mode-" + mode);
    ["plan", "run"].forEach(function (name) {
      var link = document.getElementById("mode-" + name);
      if (!link) { return; }
      if (name === mode) { link.setAttribute("aria-current", "page"); } else { link.removeAttribute("aria-current"); }
    });
  }
  try {
    var asked = new URLSearchParams(window.location.search).get("mode");
    if (asked === "plan" || asked === "run") {
      window.sessionStorage.setItem(MODE_KEY, asked);
    } else {
      var kept = window.sessionStorage.getItem(MODE_KEY);
      if (kept === "plan" || kept === "run") { applyMode(kept); }
    }
  } catch (error) { /* no storage (a private window): the page's own mode stands */ }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-opens]");
    if (!opener) { return; }
    var dialog = document.getElementById(opener.getAttribute("data-opens"));
    if (dialog && dialog.showModal && !dialog.open) { dialog.showModal(); }
  });
})();
