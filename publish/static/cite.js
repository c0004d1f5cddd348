// Citations: the tabs of _cite_tabs.html (WAI-ARIA tabs pattern), the Copy buttons and their
// feedback, and the "Cite these words" dialog, which shows the same component for one moment.
(function () {
  const MAC = /Mac|iPhone|iPad/.test(navigator.userAgent);
  // The format last chosen is shown first in the next dialog and on the next story: a researcher
  // who writes BibTeX should not have to pick it again for every quote.
  let preferred = null;
  try { preferred = localStorage.getItem("cite-format"); } catch (err) { /* storage refused: no memory */ }

  function tabsOf(tab) {
    return Array.from(tab.closest("[role=tablist]").querySelectorAll("[role=tab]"));
  }
  function panelOf(tab) {
    return document.getElementById(tab.getAttribute("aria-controls"));
  }
  function select(tab, focus) {
    for (const other of tabsOf(tab)) {
      const chosen = other === tab;
      other.setAttribute("aria-selected", String(chosen));
      other.tabIndex = chosen ? 0 : -1;
      panelOf(other).hidden = !chosen;
    }
    if (focus) tab.focus();
  }

  // A reader's choice, unlike the first selection, is remembered.
  function choose(tab, focus) {
    select(tab, focus);
    preferred = tab.dataset.format;
    try { localStorage.setItem("cite-format", preferred); } catch (err) { /* not remembered */ }
  }

  // Until this runs every panel shows under its heading; from here on the tabs name the panels.
  function enhance(box) {
    if (box.dataset.enhanced) return;
    box.dataset.enhanced = "true";
    const tablist = box.querySelector("[role=tablist]");
    const tabs = Array.from(tablist.querySelectorAll("[role=tab]"));
    for (const tab of tabs) {
      const panel = panelOf(tab);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      panel.querySelector(".cite-heading").hidden = true;
    }
    tablist.hidden = false;
    select(tabs.find(function (t) { return t.dataset.format === preferred; }) || tabs[0], false);
  }

  document.addEventListener("click", function (event) {
    const tab = event.target.closest("[data-cite-tabs] [role=tab]");
    if (tab) choose(tab, false);
  });
  document.addEventListener("keydown", function (event) {
    const tab = event.target.closest("[data-cite-tabs] [role=tab]");
    if (!tab || event.altKey || event.ctrlKey || event.metaKey) return;
    const tabs = tabsOf(tab);
    const at = tabs.indexOf(tab);
    const to = {ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1}[event.key];
    if (to === undefined) return;
    event.preventDefault();
    choose(tabs[(to + tabs.length) % tabs.length], true);
  });

  // Feedback goes to the live region beside the button (the theme page's older markup keeps one
  // per list of buttons), and is cleared first so that a second copy is announced again.
  function say(button, text) {
    const status = button.parentElement.querySelector(".copy-status") ||
      button.closest("section, dialog")?.querySelector(".copy-status");
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
      // Where a long message wraps under the button, scroll the dialog (or page) to show it.
      status.scrollIntoView({block: "nearest"});
    }, 50);
  }
  function message(button, name, fallback) {
    const words = button.closest("[data-copied]");
    return (words && words.dataset[name]) || fallback;
  }
  async function copy(button) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.textContent);
    } catch (err) {
      // Without clipboard permission (or over plain http), select the text so the keyboard copies it.
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      say(button, MAC ? message(button, "refusedMac", "Press ⌘C to copy")
        : message(button, "refused", "Press Ctrl+C to copy"));
      return;
    }
    say(button, message(button, "copied", "Copied"));
  }
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.copy");
    if (button) copy(button);
  });

  // "Cite" on a segment: the server renders the component for that moment (only for tellers who
  // agreed to quotes), so the dialog shows exactly what the page shows.
  const dialog = document.getElementById("cite-dialog");
  document.addEventListener("click", async function (event) {
    const button = event.target.closest("button.cite-moment");
    if (!button || !dialog) return;
    const story = document.querySelector("article.story").dataset.story;
    // In the page's own language, even where the browser keeps no cookie of the reader's choice.
    const response = await fetch("/stories/" + encodeURIComponent(story) + "/cite?segment=" +
                                 encodeURIComponent(button.dataset.segment) +
                                 "&lang=" + encodeURIComponent(document.documentElement.lang));
    const data = await response.json();
    const body = document.getElementById("cite-dialog-body");
    body.replaceChildren();
    document.getElementById("cite-dialog-quote").textContent = data.ok ? data.quote : data.error;
    if (data.ok) {
      // The HTML is the server's own template, escaped there; scripts in it would not run anyway.
      body.append(document.createRange().createContextualFragment(data.html));
      body.querySelectorAll("[data-cite-tabs]").forEach(enhance);
    }
    dialog.showModal();
    dialog.querySelector(".dialog-body").scrollTop = 0;
  });

  document.querySelectorAll("[data-cite-tabs]").forEach(enhance);
})();
