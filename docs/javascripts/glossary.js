/* Glossary terms on touch screens: the first tap shows the definition, a second tap opens
   the glossary. Mouse and keyboard users get the tooltip on hover and focus from Material's
   content.tooltips feature, and links work as usual. */
(function () {
  var lastPointer = "mouse";
  document.addEventListener("pointerdown", function (ev) { lastPointer = ev.pointerType; }, true);
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("a.glossary-term");
    if (!link || lastPointer !== "touch") return;
    if (link.dataset.tapped === "1") return;  // second tap: follow the link
    ev.preventDefault();
    ev.stopPropagation();
    document.querySelectorAll('a.glossary-term[data-tapped="1"]').forEach(function (a) { delete a.dataset.tapped; });
    link.dataset.tapped = "1";
    link.focus();
  }, true);
})();
