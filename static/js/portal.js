/* The portal's only script of its own, loaded from static files under the Content-Security-Policy
   (no inline handlers, no eval). Pages work without it; it only moves focus after an HTMX swap.

   A container with data-focus-after-swap="<selector>, <selector>" gets focus moved, after every
   swap inside it settles, to the first element that matches (an error summary first, say, then
   the new step's heading), so keyboard and screen-reader users land on what changed. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var container = event.target.closest && event.target.closest("[data-focus-after-swap]");
    if (!container) {
      return;
    }
    var selectors = container.getAttribute("data-focus-after-swap").split(",");
    for (var i = 0; i < selectors.length; i += 1) {
      var found = container.querySelector(selectors[i].trim());
      if (found) {
        if (!found.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(found.tagName)) {
          found.setAttribute("tabindex", "-1");
        }
        found.focus();
        return;
      }
    }
  });
})();
