/* Glossary page: each term's "More about ..." button shows or hides its panel (related terms,
   source, pages that use it). The stylesheet hides closed panels only when scripts run
   (html.js-early, set in the page head), so without this script every panel shows. One listener
   for the whole page: nothing is set up per term, so the long page costs no work as it loads.

   Where the browser can (hidden="until-found": Chromium, Firefox 139+), closed panels are hidden
   that way instead, so find in page (Ctrl+F) and links to a quoted passage still find words in
   them: the browser opens the panel and says so (beforematch), and its button follows. */
(function () {
  var findable = "onbeforematch" in document.documentElement;

  function show(button, open) {
    var panel = button.nextElementSibling;  // the panel follows its button
    button.setAttribute("aria-expanded", String(open));
    panel.classList.toggle("is-open", open);
    if (!findable) return;
    if (open) panel.removeAttribute("hidden");
    else panel.setAttribute("hidden", "until-found");
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest("button.glossary-more") : null;
    if (button) show(button, button.getAttribute("aria-expanded") !== "true");
  });

  if (!findable) return;
  document.addEventListener("beforematch", function (ev) {
    var panel = ev.target.closest ? ev.target.closest(".glossary-details") : null;
    if (panel && !panel.classList.contains("is-open")) show(panel.previousElementSibling, true);
  });
  // A task of its own, after the page is drawn: until then the stylesheet hides the panels.
  setTimeout(function () {
    var closed = document.querySelectorAll(".glossary-details:not(.is-open)");
    for (var i = 0; i < closed.length; i++) closed[i].setAttribute("hidden", "until-found");
    document.documentElement.classList.add("js-findable");  // the attribute hides them now, not the stylesheet
  });
})();
