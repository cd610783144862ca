// Run mode: follow the day's agenda against the clock. The blocks are in the page (a JSON
// data block), the clock is the browser's, and a shift the facilitator makes ("next block
// starts now") is kept in this browser. Each press also tells the server how long the block
// that just ended really ran, so that timings build up across deliveries.
(function () {
  "use strict";
  var root = document.getElementById("run");
  if (!root) { return; }
  var blocks = JSON.parse(document.getElementById("blocks").textContent);
  var fixed = root.getAttribute("data-at");  // "HH:MM" shows one moment (for checking)
  var key = "workshop-shift:" + blocks.map(function (b) { return b.start + b.title; }).join("|");
  var shift = parseInt(window.localStorage.getItem(key) || "0", 10) || 0;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function hhmm(m) { m = ((m % 1440) + 1440) % 1440; return pad(Math.floor(m / 60)) + ":" + pad(m % 60); }
  function nowMinutes() {
    if (fixed) { var p = fixed.split(":"); return parseInt(p[0], 10) * 60 + parseInt(p[1], 10); }
    var d = new Date(); return d.getHours() * 60 + d.getMinutes() + d.getSeconds() / 60;
  }
  function where(at) {
    for (var i = 0; i < blocks.length; i++) {
      var s = blocks[i].start + shift, e = blocks[i].end + shift;
      if (at >= s && at < e) { return { index: i, left: Math.ceil(e - at) }; }
    }
    return at < blocks[0].start + shift ? { index: -1, left: Math.ceil(blocks[0].start + shift - at) }
                                        : { index: blocks.length, left: 0 };
  }
  function set(id, text) { document.getElementById(id).textContent = text; }
  function render() {
    var at = nowMinutes(), w = where(at);
    set("clock", hhmm(Math.floor(at)));
    var current = blocks[w.index], next = blocks[w.index + 1] || (w.index < 0 ? blocks[0] : null);
    set("now", current ? current.title : (w.index < 0 ? "Starting soon" : "Finished"));
    set("left", current ? w.left + " min left" : (w.index < 0 ? "starts in " + w.left + " min" : ""));
    set("next", next ? "Next: " + next.title + " at " + hhmm(next.start + shift) : "");
    set("pace", shift === 0 ? "On the plan" : "Running " + Math.abs(shift) + " min " + (shift > 0 ? "late" : "early"));
    var items = document.querySelectorAll("#list li");
    for (var i = 0; i < items.length; i++) {
      items[i].classList.toggle("current", i === w.index);
      items[i].querySelector(".time").textContent =
        hhmm(blocks[i].start + shift) + "\u2013" + hhmm(blocks[i].end + shift);
    }
  }
  function record(index, actual) {
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    window.fetch("/run/timing", { method: "POST", headers: headers, credentials: "same-origin",
      body: "index=" + index + "&actual=" + actual }).catch(function () {});
  }
  document.getElementById("shift").addEventListener("click", function () {
    var at = nowMinutes(), w = where(at), next = blocks[w.index + 1];
    if (!next) { return; }
    if (!fixed && w.index >= 0 && blocks[w.index].kind !== "break" && blocks[w.index].kind !== "lunch") {
      record(w.index, Math.max(1, Math.round(at - (blocks[w.index].start + shift))));
    }
    shift = Math.round(at - next.start);
    window.localStorage.setItem(key, String(shift));
    render();
  });
  document.getElementById("reset").addEventListener("click", function () {
    shift = 0; window.localStorage.removeItem(key); render();
  });
  render();
  if (!fixed) { window.setInterval(render, 5000); }
}());
