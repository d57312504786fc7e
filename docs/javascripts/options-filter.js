/* "Treatment options by type": show the sections that match the test results a reader ticks.
   Without this script the form stays hidden and every section shows. A section's data-needs lists
   groups of results separated by ";"; each group needs one of its results ticked. */
(function () {
  var form = document.querySelector("form.type-filter");
  if (!form) return;
  var sections = [].slice.call(document.querySelectorAll("section.cancer-type"));
  var boxes = [].slice.call(form.querySelectorAll("input[type=checkbox]"));
  var status = form.querySelector(".type-filter__status");

  function matches(section, ticked) {
    var needs = section.getAttribute("data-needs");
    if (!needs) return true;  // e.g. "Any type": always shown
    return needs.split(";").every(function (group) {
      return group.split(" ").some(function (id) { return ticked.indexOf(id) >= 0; });
    });
  }

  function update() {
    var ticked = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var shown = 0;
    sections.forEach(function (section) {
      section.hidden = ticked.length > 0 && !matches(section, ticked);
      if (!section.hidden) shown++;
    });
    status.textContent = ticked.length ? "Showing " + shown + " of " + sections.length + " types that match your results."
                                       : "Showing all " + sections.length + " types.";
  }

  // A link to a place inside a hidden section (a source's back link, a shared URL) clears the
  // filter first, so the reader lands on what they asked for instead of on nothing.
  function reveal(fragment) {
    var id;
    try { id = decodeURIComponent(fragment); } catch (err) { return null; }  // "#%E0" is not a place
    var target = id && document.getElementById(id);
    var section = target && target.closest("section.cancer-type");
    if (!section || !section.hidden) return null;
    boxes.forEach(function (b) { b.checked = false; });
    update();
    return target;
  }

  form.hidden = false;
  form.addEventListener("change", update);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  document.addEventListener("click", function (ev) {  // runs before the browser follows the link
    var link = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
    if (link) reveal(link.getAttribute("href").slice(1));
  });
  window.addEventListener("hashchange", function () { reveal(location.hash.slice(1)); });
  update();  // the browser may have restored ticks from an earlier visit
  var landed = reveal(location.hash.slice(1));
  if (landed) landed.scrollIntoView();  // the browser's own jump found it hidden
})();
