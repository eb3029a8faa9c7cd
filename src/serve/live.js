// jobframe serve: reloads the page after every rebuild and shows the canon's errors over it.
// Served at /__jobframe/live.js and injected only by `jobframe serve`; built files never carry it.
// Builds its overlay with DOM APIs and textContent only: diagnostics quote canon text.
(function () {
  "use strict";
  var script = document.currentScript;
  var loaded = script ? new URL(script.src, location.href).searchParams.get("g") : null;
  var overlay = null;

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function element(tag, text, style) {
    var node = document.createElement(tag);
    if (text) {
      node.textContent = text;
    }
    Object.keys(style || {}).forEach(function (key) {
      node.style[key] = style[key];
    });
    return node;
  }

  function show(lines) {
    hide();
    overlay = element("div", "", {
      position: "fixed", left: "0", right: "0", bottom: "0", maxHeight: "60vh",
      overflow: "auto", zIndex: "2147483647", background: "#2b0b0b", color: "#ffe9e9",
      borderTop: "4px solid #e5484d", padding: "1rem 1.25rem", font: "14px/1.5 ui-monospace, monospace",
      boxShadow: "0 -4px 16px rgba(0, 0, 0, 0.4)"
    });
    overlay.id = "jobframe-overlay";
    overlay.setAttribute("role", "alert");
    var close = element("button", "Hide", { float: "right", font: "inherit" });
    close.type = "button";
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    overlay.appendChild(element("strong", "jobframe: the last rebuild failed; this is the last good site.", {}));
    overlay.appendChild(element("pre", lines.join("\n"), { whiteSpace: "pre-wrap", margin: "0.75rem 0" }));
    overlay.appendChild(element("p", "Fix the canon and save: the page reloads by itself.", { margin: "0" }));
    document.body.appendChild(overlay);
  }

  var events = new EventSource("/__jobframe/events");
  events.addEventListener("status", function (event) {
    var status = JSON.parse(event.data);
    if (!status.ok) {
      show(status.diagnostics);
    } else if (String(status.generation) !== loaded) {
      location.reload();
    } else {
      hide();
    }
  });
})();
