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

  form.hidden = false;
  form.addEventListener("change", update);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  update();
})();
