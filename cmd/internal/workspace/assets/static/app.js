// app.js follows a running plan: it reads the Server-Sent Events of the
// element with data-events, shows the phase, total, bound and gap, and
// reloads the page when the plan is done. The pages work without it.
"use strict";
(function () {
  var box = document.querySelector("[data-events]");
  if (!box || !window.EventSource) {
    return;
  }
  function show(p) {
    var fields = {
      phase: p.phase || "",
      elapsed_s: (p.elapsed_s || 0).toFixed(1),
      total: (p.total || 0).toFixed(2),
      bound: (p.bound || 0).toFixed(2),
      gap: (100 * (p.gap || 0)).toFixed(3) + "%"
    };
    Object.keys(fields).forEach(function (k) {
      var el = box.querySelector('[data-field="' + k + '"]');
      if (el) {
        el.textContent = fields[k];
      }
    });
  }
  var es = new EventSource(box.getAttribute("data-events"));
  es.addEventListener("progress", function (e) {
    show(JSON.parse(e.data));
  });
  es.addEventListener("done", function (e) {
    show(JSON.parse(e.data));
    es.close();
    window.location.reload();
  });
})();
