/* The site search worker: Material's own, with one change to each query. Material searches every
   typed word as a prefix, so in "will I die" or "cancer in liver" the little words "I" and "in"
   matched every word that starts with them ("infusion", "integrative") and outranked the page that
   answers. Words on lunr's stop-word list are dropped before the search, unless nothing else is
   left or the query uses search syntax (quotes). The page names Material's worker file in ?w=
   (overrides/main.html), so a theme upgrade needs no change here. */
(function () {
  var file = new URLSearchParams(self.location.search).get("w") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(file)) throw new Error("search worker: bad file name " + file);

  function withoutStopWords(query) {
    if (query.indexOf('"') >= 0) return query;
    var words = query.split(/\s+/).filter(Boolean);
    var kept = words.filter(function (word) { return self.lunr.stopWordFilter(word.toLowerCase()) !== undefined; });
    return kept.length ? kept.join(" ") : query;
  }

  // Registered before Material's own listener (added by importScripts below), so it runs first.
  self.addEventListener("message", function (ev) {
    if (ev.data && ev.data.type === 2 && typeof ev.data.data === "string") ev.data.data = withoutStopWords(ev.data.data);
  });
  importScripts("../assets/javascripts/workers/" + file);
})();
