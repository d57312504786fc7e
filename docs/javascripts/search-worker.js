/* The site search worker: Material's own, with three changes to each query.
   1. Material searches every typed word as a prefix, so in "will I die" or "cancer in liver" the
      little words "I" and "in" matched every word that starts with them ("infusion", "integrative")
      and outranked the page that answers. Words on lunr's stop-word list are dropped, unless nothing
      else is left or the query uses search syntax (quotes).
   2. That would search "living will" as "living". The build adds each search phrase of a page
      (data/search_terms.yml, and its title) to the index as one joined word too ("_living_will"); a
      query that holds such a phrase, little words and all, searches for the joined word as well.
   3. A reader's spelling the pages write another way ("tumour", `variants` in the same file) is
      searched as the pages' word ("tumor").
   Curly apostrophes become straight ones, as in the index. Joined words never show as "Missing"
   under a result. The page names Material's worker file in ?w= (overrides/main.html), so a theme
   upgrade needs no change here. */
(function () {
  var file = new URLSearchParams(self.location.search).get("w") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(file)) throw new Error("search worker: bad file name " + file);

  var MAX_PHRASE_WORDS = 8;     // longer queries are looked at in their first 8 words: bounded work
  var separator = /[\s\-]+/;    // replaced by the site's own on setup
  var phrases = new Set();      // the joined phrases in the index ("_living_will")
  var variants = {};            // "tumour" -> "tumor"

  function learn(index) {
    var config = index.config || {};  // the build adds `variants` here (overrides/hooks/search_terms.py)
    if (config.separator) separator = new RegExp(config.separator);
    if (config.variants && typeof config.variants === "object") variants = config.variants;
    (index.docs || []).forEach(function (doc) {
      (doc.tags || []).forEach(function (tag) { if (tag.charAt(0) === "_") phrases.add(tag); });
    });
  }

  function spelledAsThePages(word) {
    var lower = word.toLowerCase();
    return Object.prototype.hasOwnProperty.call(variants, lower) ? variants[lower] : word;
  }

  function joinedPhrases(words) {
    var found = [], plain = words.join(" ").toLowerCase().split(separator).filter(Boolean).slice(0, MAX_PHRASE_WORDS);
    for (var i = 0; i < plain.length; i++)
      for (var j = i + 2; j <= plain.length; j++) {
        var joined = "_" + plain.slice(i, j).join("_");
        if (phrases.has(joined)) found.push(joined);
      }
    return found;
  }

  function rewrite(query) {
    if (query.indexOf('"') >= 0) return query;
    query = query.replace(/[\u2018\u2019\u02bc]/g, "'");  // a phone's curly apostrophe ("can’t") as the pages write it
    var words = query.split(/\s+/).filter(Boolean).map(spelledAsThePages).join(" ").split(/\s+/);
    var kept = words.filter(function (word) { return self.lunr.stopWordFilter(word.toLowerCase()) !== undefined; });
    return (kept.length ? kept : words).concat(joinedPhrases(words)).join(" ");
  }

  function withoutJoinedWords(result) {
    (result.items || []).forEach(function (group) {
      group.forEach(function (item) {
        Object.keys(item.terms || {}).forEach(function (term) { if (term.charAt(0) === "_") delete item.terms[term]; });
      });
    });
  }

  // Registered before Material's own listener (added by importScripts below), so it runs first.
  // Message types: 0 sets up the index, 2 is a query, 3 a result.
  self.addEventListener("message", function (ev) {
    if (!ev.data) return;
    if (ev.data.type === 0 && ev.data.data) learn(ev.data.data);
    if (ev.data.type === 2 && typeof ev.data.data === "string") ev.data.data = rewrite(ev.data.data);
  });
  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === 3 && message.data) withoutJoinedWords(message.data);
    post(message);
  };
  importScripts("../assets/javascripts/workers/" + file);
})();
