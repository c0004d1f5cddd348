// The transcript follows the recording: the segment being played is highlighted,
// choosing a segment plays from there, and #t=SECONDS in the address starts there.
(function () {
  const player = document.getElementById("player");
  const segments = Array.from(document.querySelectorAll(".transcript li[data-start]"));
  let shown = null;

  function segmentAt(time) {
    let found = null;
    for (const li of segments) {
      if (parseFloat(li.dataset.start) <= time + 0.05) found = li; else break;
    }
    return found;
  }
  function highlight() {
    const now = segmentAt(player.currentTime);
    if (now === shown) return;
    if (shown) { shown.classList.remove("current"); shown.removeAttribute("aria-current"); }
    if (now) { now.classList.add("current"); now.setAttribute("aria-current", "true"); }
    shown = now;
  }
  function seek(time, play) {
    const go = function () {
      player.currentTime = time;
      highlight();
      if (play) player.play().catch(function () { /* autoplay blocked: the player shows where to press */ });
    };
    if (player.readyState >= 1) go(); else player.addEventListener("loadedmetadata", go, { once: true });
  }
  function fromHash() {
    const match = location.hash.match(/^#t=(\d+(?:\.\d+)?)/);
    if (!match) return;
    const time = parseFloat(match[1]);
    const li = segmentAt(time);
    if (li) li.scrollIntoView({ block: "center" });
    if (player) seek(time, true);
  }

  if (player) {
    player.addEventListener("timeupdate", highlight);
    player.addEventListener("seeked", highlight);
    document.querySelector(".transcript").addEventListener("click", function (event) {
      const li = event.target.closest("li[data-start]");
      // Links, citing and selecting text to copy keep their own meaning.
      if (!li || event.target.closest("a, button.cite-moment") || String(window.getSelection())) return;
      const start = parseFloat(li.dataset.start);
      history.replaceState(null, "", "#t=" + Math.floor(start));
      seek(start, true);
    });
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  // "Cite" on a segment: the server formats the citations (only for tellers who agreed to quotes).
  const dialog = document.getElementById("cite-dialog");
  document.addEventListener("click", async function (event) {
    const button = event.target.closest("button.cite-moment");
    if (!button || !dialog) return;
    const story = document.querySelector("article.story").dataset.story;
    const response = await fetch("/stories/" + story + "/cite?segment=" + button.dataset.segment);
    const data = await response.json();
    const body = document.getElementById("cite-dialog-body");
    body.replaceChildren();
    document.getElementById("cite-dialog-quote").textContent = data.ok ? data.quote : data.error;
    if (data.ok) {
      for (const [key, heading] of data.formats) {
        const h = document.createElement("h3");
        h.textContent = heading;
        const pre = document.createElement("pre");
        pre.id = "moment-" + key;
        pre.textContent = data.citations[key];
        const copy = document.createElement("button");
        copy.type = "button";
        copy.className = "copy";
        copy.dataset.copy = pre.id;
        copy.textContent = "Copy " + heading;
        body.append(h, pre, copy);
      }
    }
    dialog.showModal();
  });
})();
