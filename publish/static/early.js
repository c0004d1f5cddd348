// Runs before the page is drawn (in <head>, not deferred): says that scripts run, and which citation
// format the reader chose last, so the citation tabs (_cite_tabs.html) are drawn as tabs in the first
// layout, instead of four expanded formats that cite.js then folds away (a layout shift Lighthouse
// counts, and the page jumping under the reader). Without JavaScript nothing is marked and every
// format stays readable.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var format = localStorage.getItem("cite-format");
    if (["apa", "chicago", "bibtex", "csl_json"].indexOf(format) >= 0) { root.dataset.citeFormat = format; }
  } catch (err) { /* storage refused: the first format shows */ }
})();
