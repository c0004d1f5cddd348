// The transcript follows the recording: the segment being played is highlighted,
// choosing a segment plays from there, and #t=SECONDS in the address starts there.
// (A segment's "Cite" button opens the citation dialog of cite.js.)
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
})();
