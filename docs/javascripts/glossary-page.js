/* Glossary page: each term's "More about ..." button shows or hides its panel (related terms,
   source, pages that use it). The stylesheet hides closed panels only when scripts run
   (html.js-early, set in the page head), so without this script every panel shows. One listener
   for the whole page: nothing is set up per term, so the long page costs no work as it loads. */
(function () {
  function toggle(button) {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    button.nextElementSibling.classList.toggle("is-open", open);  // the panel follows its button
  }
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest("button.glossary-more") : null;
    if (button) toggle(button);
  });
})();
