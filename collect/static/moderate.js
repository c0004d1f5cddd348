// Listen and read side by side: click a time to play from there; the current segment is highlighted.
(function () {
  const player = document.getElementById("player");
  if (!player) return;
  document.querySelectorAll("[data-seek]").forEach((button) => {
    button.addEventListener("click", () => {
      player.currentTime = parseFloat(button.dataset.seek);
      player.play();
    });
  });
  const items = Array.from(document.querySelectorAll(".segments li[data-start]"));
  player.addEventListener("timeupdate", () => {
    const t = player.currentTime;
    items.forEach((li) => {
      const on = t >= parseFloat(li.dataset.start) && t < parseFloat(li.dataset.end);
      li.classList.toggle("current", on);
    });
  });
})();

// "Redact these words": words selected in a segment's text fill its redaction form.
(function () {
  document.querySelectorAll("form.redact-words").forEach((form) => {
    const segment = form.closest("li").querySelector("textarea");
    const words = form.querySelector("input[name=words]");
    if (!segment || !words) return;
    segment.addEventListener("select", () => {
      const chosen = segment.value.substring(segment.selectionStart, segment.selectionEnd).trim();
      if (chosen) words.value = chosen;
    });
  });
})();

// "Saved." where the moderator saved it: the page comes back scrolled to the segment, field or section
// just saved (the address's #fragment), where the notice at the top of the page is out of sight.
(function () {
  const notice = document.querySelector("main > .notice[role=status]");
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!notice || !target) return;
  if (/^H[1-6]$/.test(target.tagName)) {
    target.after(notice);
    return;
  }
  const form = target.closest("form") || target;
  const button = form.querySelector("button[type=submit]");
  (button || form).after(notice);
})();
