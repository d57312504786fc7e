/* Glossary terms: a linked word shows its short definition on hover, on keyboard focus, and on
   the first tap on a touch screen. Only a tooltip opened by a tap says "Tap the word again to
   read more in the glossary", and only then does the next tap follow the link. The definition is
   the link's title, which also serves readers without JavaScript. One tooltip element is made on
   first use, so a page with 40 terms does no work at load (see the README's "Speed" notes). */
(function () {
  var GAP = 8;
  var tip = null;
  var hint;
  var shown = null;
  var lastPointer = "mouse";
  var hideTimer;
  // After Escape, no tooltip opens until the pointer really moves: when the dismissed tooltip
  // disappears, the browser reports the word now under the resting pointer as "hovered".
  var dismissed = false;

  function termOf(node) {
    return node && node.closest ? node.closest("a.glossary-term") : null;
  }

  // Below the word (above it when there is no room), inside the text column, so it never
  // covers the menus beside it.
  function place(link) {
    var column = (link.closest(".md-content") || document.documentElement).getBoundingClientRect();
    var box = link.getBoundingClientRect();
    tip.style.maxWidth = Math.min(320, column.width - 2 * GAP) + "px";
    var left = box.left + box.width / 2 - tip.offsetWidth / 2;
    left = Math.max(column.left + GAP, Math.min(left, column.right - tip.offsetWidth - GAP));
    var top = box.bottom + GAP;
    if (top + tip.offsetHeight > window.innerHeight && box.top > tip.offsetHeight + GAP)
      top = box.top - tip.offsetHeight - GAP;  // no room below: show it above the word
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = top + window.scrollY + "px";
  }

  // tapped: opened by a tap, so the tooltip says that the next tap opens the glossary.
  function show(link, tapped) {
    if (shown === link && (!tapped || link.dataset.tapped)) return;
    hide();
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "glossary-tip";
      tip.className = "glossary-tip";
      tip.setAttribute("role", "tooltip");
      hint = document.createElement("span");
      hint.className = "glossary-tip-hint";
      hint.textContent = "Tap the word again to read more in the glossary.";
      document.body.appendChild(tip);
    }
    if (!link.dataset.definition) link.dataset.definition = link.title;
    link.removeAttribute("title");  // or the browser adds its own tooltip on top of ours
    link.setAttribute("aria-describedby", tip.id);
    tip.textContent = link.dataset.definition;
    if (tapped) {
      tip.appendChild(hint);
      link.dataset.tapped = "1";  // the one thing that lets the next tap follow the link
    }
    tip.hidden = false;
    shown = link;
    place(link);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!shown) return;
    tip.hidden = true;
    shown.title = shown.dataset.definition;
    shown.removeAttribute("aria-describedby");
    delete shown.dataset.tapped;
    shown = null;
  }

  function onTipOrShown(node) {
    return node && ((tip && tip.contains(node)) || (shown && shown.contains(node)));
  }

  document.addEventListener("pointerdown", function (ev) { lastPointer = ev.pointerType; }, true);
  // The pointer may cross the gap from the word onto the tooltip without closing it (WCAG 1.4.13).
  document.addEventListener("mousemove", function (ev) {
    if (ev.movementX || ev.movementY) dismissed = false;
  });
  document.addEventListener("mouseover", function (ev) {
    var link = termOf(ev.target);
    if (link && !dismissed) show(link);
    if (onTipOrShown(ev.target)) clearTimeout(hideTimer);
  });
  document.addEventListener("mouseout", function (ev) {
    if (shown && onTipOrShown(ev.target) && !onTipOrShown(ev.relatedTarget) && document.activeElement !== shown)
      hideTimer = setTimeout(hide, 300);
  });
  document.addEventListener("focusin", function (ev) {
    var link = termOf(ev.target);
    if (link) show(link);
    else hide();
  });
  document.addEventListener("focusout", function (ev) {
    if (termOf(ev.target) === shown) hide();
  });
  document.addEventListener("keydown", function (ev) {
    lastPointer = "key";  // Enter on a focused word follows it, even after a tap elsewhere
    if (ev.key === "Escape" && shown) {
      hide();
      dismissed = true;
    }
  });
  document.addEventListener("click", function (ev) {
    var link = termOf(ev.target);
    if (!link) {
      if (!onTipOrShown(ev.target)) hide();  // a tap elsewhere closes it
      return;
    }
    if (lastPointer !== "touch" || link.dataset.tapped === "1") return;  // follow the link
    ev.preventDefault();
    link.focus();
    show(link, true);
  }, true);
  window.addEventListener("resize", hide);
})();
