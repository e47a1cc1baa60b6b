/* The portal's only script of its own, loaded from static files under the Content-Security-Policy
   (no inline handlers, no eval). Pages work without it; it only helps after an HTMX swap.

   A container with data-focus-after-swap="<selector>, <selector>" gets focus moved, after every
   swap inside it settles, to the first element that matches (an error summary first, say, then
   the new step's heading), so keyboard and screen-reader users land on what changed.

   A container with data-announce-after-swap="<selector>" has the text of the first match read
   out after a swap (a results count, say) through the page's one polite live region, so a
   screen reader hears "12 candidates" rather than the whole updated table. */
(function () {
  "use strict";

  function focusFirst(container, attribute) {
    var selectors = container.getAttribute(attribute).split(",");
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
  }

  function announce(container) {
    var region = document.getElementById("announcer");
    var found = container.querySelector(container.getAttribute("data-announce-after-swap"));
    if (!region || !found) {
      return;
    }
    // Emptied first so that the same text twice ("3 candidates" again) is still read.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = found.textContent.replace(/\s+/g, " ").trim();
    }, 100);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.target;
    if (!target.closest) {
      return;
    }
    var focusContainer = target.closest("[data-focus-after-swap]");
    if (focusContainer) {
      focusFirst(focusContainer, "data-focus-after-swap");
    }
    var announceContainer = target.closest("[data-announce-after-swap]");
    if (announceContainer) {
      announce(announceContainer);
    }
  });
})();
