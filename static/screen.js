// The room screen's pager: a list marked data-pager shows as many of its items as fit in the
// space the board gives it, and the rest on further pages, counted ("1/3") in the list's
// .pager-count and turned by themselves every data-pager-seconds (default 10). Nothing on a
// projector can be scrolled, so a list that does not fit is paged, never cut.
//
// Pages are measured in the browser, because only the browser knows the fonts and the
// viewport: items are shown one by one until the list overflows (a CSS multi-column list
// overflows to the right, a plain one downwards). An item marked data-keep-with-next (a group's
// heading) never ends a page. A list with an item that does not fit even alone is set in the
// smallest size the screen allows (data-dense); if even that does not fit, the large join
// panel gives its column to the board and sits in the corner (data-cramped on the body), and a
// screen in two languages shows its lists in the first alone (data-one-language). The lists
// are re-rendered by htmx morphs at any time; the page a
// list is on is kept by its id, so a vote arriving every second does not hold it on page 1.
(function () {
  "use strict";
  var DEFAULT_SECONDS = 10;
  var current = {}; // list id -> page index shown
  var turnedAt = {}; // list id -> when it last turned (ms)
  var layouts = {}; // list id -> the pages: arrays of item indexes
  var observer = null;
  var scheduled = false;
  var countChanged = false; // set by show() when a list's count changed its text

  // The list overflows its box, or the item just shown is broken across two columns.
  function overflows(list, item) {
    if (item && item.getClientRects().length > 1) { return true; }
    return list.scrollHeight > list.clientHeight + 1 || list.scrollWidth > list.clientWidth + 1;
  }

  function measure(list) {
    var items = Array.prototype.slice.call(list.children);
    var pages = [];
    var page = [];
    items.forEach(function (item) { item.hidden = true; });
    for (var i = 0; i < items.length; i++) {
      items[i].hidden = false;
      if (page.length > 0 && overflows(list, items[i])) {
        items[i].hidden = true;
        // A heading kept with what follows moves to the next page with it.
        var moved = [];
        while (page.length > 1 && items[page[page.length - 1]].hasAttribute("data-keep-with-next")) {
          moved.unshift(page.pop());
        }
        pages.push(page);
        page.concat(moved).forEach(function (index) { items[index].hidden = true; });
        page = moved.concat([i]);
        page.forEach(function (index) { items[index].hidden = false; });
      } else {
        page.push(i);
      }
    }
    if (page.length > 0) { pages.push(page); }
    return pages;
  }

  // Whether some page holds one item that does not fit even alone.
  function overflowsAlone(list, pages) {
    for (var p = 0; p < pages.length; p++) {
      if (pages[p].length !== 1) { continue; }
      show(list, pages, p);
      if (overflows(list, list.children[pages[p][0]])) { return true; }
    }
    return false;
  }

  function show(list, pages, index) {
    var items = list.children;
    var shown = {};
    (pages[index] || []).forEach(function (i) { shown[i] = true; });
    for (var i = 0; i < items.length; i++) { items[i].hidden = !shown[i]; }
    var count = list.id && document.querySelector('[data-pager-count="' + list.id + '"]');
    if (count) {
      var text = pages.length > 1 ? (index + 1) + "/" + pages.length : "";
      if (count.textContent !== text) { count.textContent = text; countChanged = true; }
    }
    list.setAttribute("data-page", String(index + 1));
    list.setAttribute("data-pages", String(pages.length));
  }

  function layoutAll() {
    scheduled = false;
    if (observer) { observer.disconnect(); }
    document.body.removeAttribute("data-cramped");
    document.body.removeAttribute("data-one-language");
    if (!layOut()) {
      // Still an item too large for its board: the large join panel gives up its column.
      document.body.setAttribute("data-cramped", "");
      if (!layOut() && document.querySelector("[data-pager] .second-language")) {
        // Two languages side by side, and an item too large even so: the lists show their
        // first language only (the titles and the lines above them keep both).
        document.body.setAttribute("data-one-language", "");
        layOut();
      }
    }
    document.body.setAttribute("data-paged", "true");
    watch();
  }

  // Lays out every list, and once more when a count ("1/3") appeared, went or changed: it
  // shares a line with what the room does now, which may then wrap and leave its list less
  // height than it was measured in.
  function layOut() {
    countChanged = false;
    var fits = layoutLists();
    if (countChanged) { fits = layoutLists(); }
    return fits;
  }

  // Lays out every list; false when some item does not fit even alone.
  function layoutLists() {
    var fits = true;
    var lists = document.querySelectorAll("[data-pager]");
    var seen = {};
    for (var i = 0; i < lists.length; i++) {
      var list = lists[i];
      var id = list.id || ("pager-" + i);
      seen[id] = true;
      list.removeAttribute("data-dense");
      var pages = measure(list);
      if (pages.some(function (page) { return page.length === 1; }) && overflowsAlone(list, pages)) {
        list.setAttribute("data-dense", "");
        pages = measure(list);
        if (overflowsAlone(list, pages)) { fits = false; }
      }
      var index = Math.min(current[id] || 0, pages.length - 1);
      if (index < 0) { index = 0; }
      current[id] = index;
      layouts[id] = pages;
      if (!turnedAt[id]) { turnedAt[id] = Date.now(); }
      show(list, pages, index);
    }
    Object.keys(current).forEach(function (id) {
      if (!seen[id]) { delete current[id]; delete turnedAt[id]; delete layouts[id]; }
    });
    return fits;
  }

  // A countdown ticking (static/countdown.js) changes nothing a page holds.
  function counts(record) {
    var node = record.target.nodeType === 1 ? record.target : record.target.parentNode;
    return !(node && node.closest && node.closest("[data-countdown]"));
  }

  function changed(records) {
    if (records.some(counts)) { schedule(); }
  }

  function schedule() {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(layoutAll);
  }

  function turn() {
    var now = Date.now();
    var lists = document.querySelectorAll("[data-pager]");
    for (var i = 0; i < lists.length; i++) {
      var list = lists[i];
      var id = list.id || ("pager-" + i);
      var pages = layouts[id];
      if (!pages || pages.length < 2) { continue; }
      var seconds = Number(list.getAttribute("data-pager-seconds")) || DEFAULT_SECONDS;
      if (now - (turnedAt[id] || 0) < seconds * 1000) { continue; }
      turnedAt[id] = now;
      current[id] = ((current[id] || 0) + 1) % pages.length;
      if (observer) { observer.disconnect(); }
      show(list, pages, current[id]);
      // A count grown by a digit ("9/10" to "10/10") may wrap the line above: lay out again.
      if (overflows(list, null)) { schedule(); }
      watch();
    }
  }

  function watch() {
    var root = document.getElementById("live") || document.body;
    if (!observer) { observer = new MutationObserver(changed); }
    observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true,
      attributeFilter: ["class", "hidden"] });
  }

  function start() {
    layoutAll();
    window.addEventListener("resize", schedule);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(schedule); }
    window.setInterval(turn, 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
